using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Gate;

/// <summary>
/// gate-v4 keeps the bot's <c>Timestamp</c> when it is Unix seconds (10 digits, optionally '.' and 1–9 digits, as
/// Gate's Python SDK sends), byte for byte and signed; the bot's <c>KEY</c> and <c>SIGN</c> are always replaced.
/// </summary>
public sealed class GateBotHeaderTests
{
    private const long Now = 1_700_000_000_987; // → Timestamp 1700000000
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes(RandomNumberGenerator.GetHexString(64, lowercase: true));
    private readonly ReferenceHmacKey _key = new(Secret, SignatureAlgorithm.HmacSha512);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("gate-v4", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Bot_values_line_up_with_the_credential_headers()
    {
        Assert.Equal(["KEY", "Timestamp", "SIGN"], _scheme.CredentialHeaders);
    }

    [Theory]
    [InlineData("1700000042")]
    [InlineData("1700000042.5")]
    [InlineData("1700000042.123456789")]
    [InlineData("9999999999")]
    public void A_well_formed_bot_timestamp_is_kept_and_signed(string sent)
    {
        var headers = Sign(["placeholder-key", sent, new string('0', 128)]);

        Assert.Equal(sent, headers["Timestamp"]);
        Assert.Equal("venue-api-key", headers["KEY"]);
        Assert.Equal(Expected("GET", "/api/v4/spot/accounts", "currency=BTC", "", sent), headers["SIGN"]);
        Assert.Equal(1, _key.Signs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1700000042.")] // a dot without a fraction
    [InlineData("1700000042.1234567890")] // ten fractional digits
    [InlineData("17000000421")] // eleven digits
    [InlineData("170000004212")] // twelve digits
    [InlineData("1700000042000")] // milliseconds
    [InlineData("170000004")] // nine digits
    [InlineData("0700000042")]
    [InlineData("1700000042,5")]
    [InlineData("1.7e9")]
    [InlineData("-1700000042")]
    [InlineData("+1700000042")]
    [InlineData(" 1700000042")]
    [InlineData("1700000042 ")]
    [InlineData("1700000042.5.")]
    [InlineData("1700000042.5a")]
    [InlineData("170000004.25")]
    [InlineData("\uff11700000042")]
    public void A_malformed_bot_timestamp_is_replaced_by_sidecars_clock(string sent)
    {
        var headers = Sign([null, sent, null]);

        Assert.Equal("1700000000", headers["Timestamp"]);
        Assert.Equal(Expected("GET", "/api/v4/spot/accounts", "currency=BTC", "", "1700000000"), headers["SIGN"]);
    }

    [Fact]
    public void Nothing_sent_means_sidecars_clock()
    {
        Assert.Equal("1700000000", Sign([])["Timestamp"]);
    }

    [Fact]
    public void A_post_signs_the_bots_timestamp_with_the_body_hash()
    {
        const string body = "{\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"account\":\"spot\",\"side\":\"buy\",\"amount\":\"0.002\",\"price\":\"50000\"}";
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "POST",
            Path = "/api/v4/spot/orders"u8,
            Body = Encoding.UTF8.GetBytes(body),
            BodyFormat = BodyFormat.Json,
            UnixTimeMilliseconds = Now,
            CredentialHeaderValues = new string?[] { null, "1700000007" },
        };

        Assert.Equal(SignOutcome.Signed, _scheme.Sign(input, new VenueCredentials("venue-api-key", _key), output));
        var headers = Headers(output);
        Assert.Equal("1700000007", headers["Timestamp"]);
        Assert.Equal(Expected("POST", "/api/v4/spot/orders", "", body, "1700000007"), headers["SIGN"]);
    }

    private Dictionary<string, string> Sign(string?[] bot)
    {
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "GET",
            Path = "/api/v4/spot/accounts"u8,
            Query = "currency=BTC"u8,
            UnixTimeMilliseconds = Now,
            CredentialHeaderValues = bot,
        };
        Assert.Equal(SignOutcome.Signed, _scheme.Sign(input, new VenueCredentials("venue-api-key", _key), output));
        return Headers(output);
    }

    private static Dictionary<string, string> Headers(SignedRequest output)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < output.Headers.Count; i++)
        {
            headers.Add(output.Headers.NameAt(i), output.Headers.ConstantValueAt(i) ?? Encoding.ASCII.GetString(output.Headers.ComputedValueAt(i)));
        }

        return headers;
    }

    /// <summary>Gate's docs, independently of the scheme: hex(HMAC-SHA512(secret, METHOD\nURL\nquery\nhex(SHA512(body))\nTimestamp)).</summary>
    private static string Expected(string method, string path, string query, string body, string timestamp)
    {
        var bodyHash = Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes(body)));
        return Convert.ToHexStringLower(HMACSHA512.HashData(Secret, Encoding.UTF8.GetBytes($"{method}\n{path}\n{query}\n{bodyHash}\n{timestamp}")));
    }
}
