using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Kucoin;

/// <summary>
/// kucoin keeps the bot's <c>KC-API-TIMESTAMP</c> when it is 13 ASCII digits (Unix milliseconds), byte for byte
/// and signed; the key, signature, passphrase, key version and ccxt's partner headers are always replaced or removed.
/// </summary>
public sealed class KucoinBotHeaderTests
{
    private const string ApiKey = "venue-api-key";
    private const string Passphrase = "venue-passphrase";
    private const long Now = 1_700_000_000_123;
    private const string Endpoint = "/api/v1/accounts?type=trade";
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
    private readonly ReferenceHmacKey _key = new(Secret);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("kucoin", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Bot_values_line_up_with_the_credential_headers()
    {
        Assert.Equal(
            ["KC-API-KEY", "KC-API-SIGN", "KC-API-TIMESTAMP", "KC-API-PASSPHRASE", "KC-API-KEY-VERSION",
             "KC-API-PARTNER", "KC-API-PARTNER-SIGN", "KC-API-PARTNER-VERIFY", "KC-BROKER-NAME"],
            _scheme.CredentialHeaders);
    }

    [Fact]
    public void A_well_formed_bot_timestamp_is_kept_and_signed_and_everything_else_replaced()
    {
        var headers = Sign(["placeholder-key", "AAAA", "1700000000999", "placeholder-passphrase", "3", "ccxt", "BBBB", "true", "ccxt"]);

        Assert.Equal("1700000000999", headers["KC-API-TIMESTAMP"]);
        Assert.Equal(Hmac("1700000000999GET" + Endpoint), headers["KC-API-SIGN"]);
        Assert.Equal(ApiKey, headers["KC-API-KEY"]);
        Assert.Equal(Hmac(Passphrase), headers["KC-API-PASSPHRASE"]);
        Assert.Equal("2", headers["KC-API-KEY-VERSION"]);
        Assert.DoesNotContain(headers.Keys, name => name.StartsWith("KC-API-PARTNER", StringComparison.Ordinal) || name == "KC-BROKER-NAME");
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("17000000009991")] // 14 digits
    [InlineData("170000000099")] // 12 digits
    [InlineData("1700000000")] // seconds
    [InlineData("0700000000999")]
    [InlineData("+700000000999")]
    [InlineData(" 1700000000999")]
    [InlineData("1700000000999 ")]
    [InlineData("1700000000.99")]
    [InlineData("\uff11700000000999")]
    public void A_malformed_bot_timestamp_is_replaced_by_sidecars_clock(string sent)
    {
        var headers = Sign([null, null, sent]);

        Assert.Equal("1700000000123", headers["KC-API-TIMESTAMP"]);
        Assert.Equal(Hmac("1700000000123GET" + Endpoint), headers["KC-API-SIGN"]);
    }

    [Fact]
    public void Nothing_sent_means_sidecars_clock()
    {
        Assert.Equal("1700000000123", Sign([])["KC-API-TIMESTAMP"]);
    }

    [Fact]
    public void A_post_signs_the_bots_timestamp_with_the_body()
    {
        const string body = "{\"clientOid\":\"bot-1\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}";
        var credentials = Credentials();
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "POST",
            Path = "/api/v1/orders"u8,
            Body = Encoding.UTF8.GetBytes(body),
            BodyFormat = BodyFormat.Json,
            UnixTimeMilliseconds = Now,
            CredentialHeaderValues = new string?[] { null, null, "1700000000555" },
        };

        Assert.Equal(SignOutcome.Signed, _scheme.Sign(input, credentials, output));
        var headers = Headers(output);
        Assert.Equal("1700000000555", headers["KC-API-TIMESTAMP"]);
        Assert.Equal(Hmac("1700000000555POST/api/v1/orders" + body), headers["KC-API-SIGN"]);
    }

    private VenueCredentials Credentials()
    {
        var credentials = new VenueCredentials(ApiKey, _key, Passphrase);
        _scheme.Prepare(credentials);
        return credentials;
    }

    private Dictionary<string, string> Sign(string?[] bot)
    {
        var credentials = Credentials();
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "GET",
            Path = "/api/v1/accounts"u8,
            Query = "type=trade"u8,
            UnixTimeMilliseconds = Now,
            CredentialHeaderValues = bot,
        };
        Assert.Equal(SignOutcome.Signed, _scheme.Sign(input, credentials, output));
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

    private static string Hmac(string prehash) => Convert.ToBase64String(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(prehash)));
}
