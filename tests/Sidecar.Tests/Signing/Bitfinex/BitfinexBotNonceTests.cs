using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Nonces;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bitfinex;

/// <summary>
/// The bot's own <c>bfx-nonce</c>: kept byte-for-byte and signed when well-formed and fresh, raised when stale
/// (<c>Nonces.Next(max(nowMicros, botNonce))</c>), ignored when malformed.
/// </summary>
public sealed class BitfinexBotNonceTests
{
    private const long Now = 1_700_000_000_123;
    private const long NowMicros = Now * 1000;
    private const string Body = "{}";

    private static readonly byte[] Secret = Encoding.ASCII.GetBytes(TestSecrets.BinanceStyle());
    private readonly ReferenceHmacKey _key = new(Secret, SignatureAlgorithm.HmacSha384);
    private readonly NonceCounter _nonces = new(null, leaseSpan: 1000);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("bitfinex-v2", out var s) ? s : throw new InvalidOperationException();

    [Theory]
    [InlineData("1700000000123001")] // µs, a little ahead of the sidecar's now
    [InlineData("1700000000123000")] // exactly now
    [InlineData("1700003600123000")] // one hour ahead: the furthest kept
    public void A_valid_fresh_bot_nonce_is_kept_byte_for_byte_and_signed(string botNonce)
    {
        using var output = Sign(botNonce);

        Assert.Equal(botNonce, Header(output, "bfx-nonce"));
        Assert.Equal(Expected($"/api/v2/auth/r/wallets{botNonce}{Body}"), Header(output, "bfx-signature"));
        Assert.Equal(long.Parse(botNonce, CultureInfo.InvariantCulture), _nonces.Last);
    }

    [Theory]
    [InlineData("1700000000123")] // ccxt: milliseconds
    [InlineData("1")]
    [InlineData("1699999999999999")] // µs, a moment in the past
    public void A_stale_bot_nonce_is_raised_to_now(string botNonce)
    {
        using var output = Sign(botNonce);

        Assert.Equal($"{NowMicros}", Header(output, "bfx-nonce"));
        Assert.Equal(Expected($"/api/v2/auth/r/wallets{NowMicros}{Body}"), Header(output, "bfx-signature"));
    }

    [Fact]
    public void A_bot_nonce_at_or_below_the_last_used_is_raised_above_it()
    {
        using (Sign("1700000000200000"))
        {
        }

        using var again = Sign("1700000000200000");
        using var lower = Sign("1700000000150000");

        Assert.Equal("1700000000200001", Header(again, "bfx-nonce"));
        Assert.Equal("1700000000200002", Header(lower, "bfx-nonce"));
        Assert.Equal(Expected($"/api/v2/auth/r/wallets1700000000200002{Body}"), Header(lower, "bfx-signature"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("17000000001230x1")]
    [InlineData("0170000000123001")] // leading zero: not the same number byte-for-byte
    [InlineData("+1700000000123001")]
    [InlineData("-1")]
    [InlineData(" 1700000000123001")]
    [InlineData("1700000000123001 ")]
    [InlineData("1.700000000123001")]
    [InlineData("17000000001230010")] // 17 digits: too long
    [InlineData("9007199254740992")] // above MAX_SAFE_INTEGER
    [InlineData("9007199254740991")] // MAX_SAFE_INTEGER itself: would exhaust the key's nonces
    [InlineData("1700003600123001")] // more than one hour ahead
    [InlineData("１７００００００００１２３００１")] // full-width digits
    public void A_malformed_bot_nonce_is_replaced(string botNonce)
    {
        using var output = Sign(botNonce);

        Assert.Equal($"{NowMicros}", Header(output, "bfx-nonce"));
        Assert.Equal(Expected($"/api/v2/auth/r/wallets{NowMicros}{Body}"), Header(output, "bfx-signature"));
        Assert.Equal(NowMicros, _nonces.Last);
    }

    [Fact]
    public void Only_the_nonce_header_is_read_the_bots_key_and_signature_are_replaced()
    {
        using var output = Sign("1700000000123001", apiKey: "placeholder", signature: new string('0', 96));

        Assert.Equal("1700000000123001", Header(output, "bfx-nonce"));
        Assert.Equal("venue-api-key", Header(output, "bfx-apikey"));
        Assert.Equal(Expected($"/api/v2/auth/r/wallets1700000000123001{Body}"), Header(output, "bfx-signature"));
    }

    private SignedRequest Sign(string? nonce, string? apiKey = null, string? signature = null)
    {
        var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "POST",
            Path = "/v2/auth/r/wallets"u8,
            Body = Encoding.ASCII.GetBytes(Body),
            BodyFormat = BodyFormat.Json,
            CredentialHeaderValues = new string?[] { nonce, apiKey, signature }, // bfx-nonce, bfx-apikey, bfx-signature
            UnixTimeMilliseconds = Now,
        };
        Assert.Equal(SignOutcome.Signed, _scheme.Sign(input, new VenueCredentials("venue-api-key", _key, nonces: _nonces), output));
        return output;
    }

    private static string Header(SignedRequest output, string name) => Conformance.SigningOutputs.Header(output, name);

    private static string Expected(string message) => Convert.ToHexStringLower(HMACSHA384.HashData(Secret, Encoding.ASCII.GetBytes(message)));
}
