using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bitmex;

/// <summary>
/// The bot's own <c>api-expires</c>: kept byte-for-byte and signed when it is Unix seconds in the future and at most
/// an hour ahead; replaced by now + <c>ExpiresAfterSeconds</c> otherwise.
/// </summary>
public sealed class BitmexBotExpiresTests
{
    private const long Now = 1_518_064_230_500; // expires of the docs' examples are a few seconds later
    private const long NowSeconds = Now / 1000;
    private const string Body = "{\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"orderQty\":100,\"price\":50000,\"ordType\":\"Limit\"}";

    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO");
    private readonly ReferenceHmacKey _key = new(Secret);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("bitmex", out var s) ? s : throw new InvalidOperationException();

    private static string Generated => (NowSeconds + BitmexSchemeTests.ExpiresAfterSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("1518064231")] // one second ahead
    [InlineData("1518064235")] // ccxt's default: now + 5 s
    [InlineData("1518067830")] // exactly one hour ahead: the furthest kept
    public void A_future_bot_expires_is_kept_byte_for_byte_and_signed(string expires)
    {
        using var output = Sign(expires);

        Assert.Equal(expires, BitmexSchemeTests.Header(output, "api-expires"));
        Assert.Equal($"POST/api/v1/order{expires}{Body}", Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
        Assert.Equal(Expected($"POST/api/v1/order{expires}{Body}"), BitmexSchemeTests.Header(output, "api-signature"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1")] // long past
    [InlineData("1518064230")] // now: not in the future
    [InlineData("1518064229")]
    [InlineData("1518067831")] // more than one hour ahead
    [InlineData("9999999999")]
    [InlineData("1518064235000")] // milliseconds
    [InlineData("01518064235")]
    [InlineData("+1518064235")]
    [InlineData("-1518064235")]
    [InlineData("1518064235.5")]
    [InlineData(" 1518064235")]
    [InlineData("1518064235 ")]
    [InlineData("15180642x5")]
    [InlineData("１５１８０６４２３５")] // full-width digits
    public void A_malformed_expired_or_far_bot_expires_is_replaced(string expires)
    {
        using var output = Sign(expires);

        Assert.Equal(Generated, BitmexSchemeTests.Header(output, "api-expires"));
        Assert.Equal(Expected($"POST/api/v1/order{Generated}{Body}"), BitmexSchemeTests.Header(output, "api-signature"));
    }

    [Fact]
    public void Without_a_bot_expires_now_plus_the_window_is_sent()
    {
        using var output = Sign(null);

        Assert.Equal(Generated, BitmexSchemeTests.Header(output, "api-expires"));
    }

    [Fact]
    public void The_bots_key_signature_and_nonce_are_dropped_while_its_expires_is_kept()
    {
        using var output = Sign("1518064240", key: "placeholder", signature: new string('0', 64), nonce: "12345");

        Assert.Equal(3, output.Headers.Count);
        Assert.Equal("venue-key", BitmexSchemeTests.Header(output, "api-key"));
        Assert.Equal("1518064240", BitmexSchemeTests.Header(output, "api-expires"));
        Assert.Equal(Expected($"POST/api/v1/order1518064240{Body}"), BitmexSchemeTests.Header(output, "api-signature"));
        Assert.Throws<KeyNotFoundException>(() => BitmexSchemeTests.Header(output, "api-nonce"));
    }

    private SignedRequest Sign(string? expires, string? key = null, string? signature = null, string? nonce = null)
    {
        var credentials = new VenueCredentials("venue-key", _key);
        _scheme.Prepare(credentials);
        var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "POST",
            Path = "/api/v1/order"u8,
            Body = Encoding.ASCII.GetBytes(Body),
            BodyFormat = BodyFormat.Json,
            Host = "www.bitmex.com",
            CredentialHeaderValues = new string?[] { expires, key, signature, nonce }, // api-expires, api-key, api-signature, api-nonce
            UnixTimeMilliseconds = Now,
        };
        Assert.Equal(SignOutcome.Signed, _scheme.Sign(input, credentials, output));
        return output;
    }

    private static string Expected(string prehash) => Convert.ToHexStringLower(HMACSHA256.HashData(Secret, Encoding.ASCII.GetBytes(prehash)));
}
