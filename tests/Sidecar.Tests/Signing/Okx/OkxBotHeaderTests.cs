using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Okx;

/// <summary>
/// okx-v5 keeps the bot's <c>OK-ACCESS-TIMESTAMP</c> when it is exactly <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (a real
/// date and time), byte for byte and signed; the key, signature and passphrase the bot sent are always replaced.
/// </summary>
public sealed class OkxBotHeaderTests
{
    private const string ApiKey = "venue-api-key";
    private const string Passphrase = "venue-passphrase";
    private const long Now = 1607418537715; // 2020-12-08T09:08:57.715Z
    private const string NowIso = "2020-12-08T09:08:57.715Z";
    private const string Path = "/api/v5/account/balance";
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
    private readonly ReferenceHmacKey _key = new(Secret);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("okx-v5", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Bot_values_line_up_with_the_credential_headers()
    {
        Assert.Equal(["OK-ACCESS-KEY", "OK-ACCESS-SIGN", "OK-ACCESS-TIMESTAMP", "OK-ACCESS-PASSPHRASE"], _scheme.CredentialHeaders);
    }

    [Theory]
    [InlineData("2026-11-22T15:03:51.007Z")]
    [InlineData("2024-02-29T23:59:59.999Z")] // a leap day
    [InlineData("2020-12-08T00:00:00.000Z")]
    public void A_well_formed_bot_timestamp_is_kept_and_signed(string sent)
    {
        var headers = Sign(["placeholder-key", "AAAA", sent, "placeholder-passphrase"]);

        Assert.Equal(sent, headers["OK-ACCESS-TIMESTAMP"]);
        Assert.Equal(Hmac(sent + "GET" + Path), headers["OK-ACCESS-SIGN"]);
        Assert.Equal(ApiKey, headers["OK-ACCESS-KEY"]);
        Assert.Equal(Passphrase, headers["OK-ACCESS-PASSPHRASE"]);
        Assert.Equal(1, _key.Signs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1607418537715")] // milliseconds, not ISO 8601
    [InlineData("2026-11-22T15:03:51.007")] // no Z
    [InlineData("2026-11-22T15:03:51Z")] // no milliseconds
    [InlineData("2026-11-22T15:03:51.0070Z")] // four decimals
    [InlineData("2026-11-22T15:03:51.07Z")] // two decimals
    [InlineData("2026-11-22t15:03:51.007z")]
    [InlineData("2026-11-22T15:03:51.007+00:00")]
    [InlineData("2026-11-22 15:03:51.007Z")]
    [InlineData(" 2026-11-22T15:03:51.007Z")]
    [InlineData("2026-11-22T15:03:51.007Z ")]
    [InlineData("2026-13-22T15:03:51.007Z")] // month 13
    [InlineData("2026-00-22T15:03:51.007Z")]
    [InlineData("2026-11-31T15:03:51.007Z")] // November has 30 days
    [InlineData("2023-02-29T15:03:51.007Z")] // not a leap year
    [InlineData("2026-11-00T15:03:51.007Z")]
    [InlineData("2026-11-22T24:00:00.000Z")]
    [InlineData("2026-11-22T15:60:51.007Z")]
    [InlineData("2026-11-22T15:03:60.007Z")] // no leap seconds
    [InlineData("0000-11-22T15:03:51.007Z")]
    [InlineData("2026-1a-22T15:03:51.007Z")]
    [InlineData("2026-11-22T15:03:51.0a7Z")]
    [InlineData("+026-11-22T15:03:51.007Z")]
    [InlineData("2026/11/22T15:03:51.007Z")]
    [InlineData("\uff12026-11-22T15:03:51.007Z")] // a non-ASCII digit
    public void A_malformed_bot_timestamp_is_replaced_by_sidecars_clock(string sent)
    {
        var headers = Sign([null, null, sent, null]);

        Assert.Equal(NowIso, headers["OK-ACCESS-TIMESTAMP"]);
        Assert.Equal(Hmac(NowIso + "GET" + Path), headers["OK-ACCESS-SIGN"]);
    }

    [Fact]
    public void Nothing_sent_means_sidecars_clock()
    {
        var headers = Sign([]);

        Assert.Equal(NowIso, headers["OK-ACCESS-TIMESTAMP"]);
        Assert.Equal(Hmac(NowIso + "GET" + Path), headers["OK-ACCESS-SIGN"]);
    }

    [Fact]
    public void A_post_signs_the_bots_timestamp_with_the_body()
    {
        const string body = "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\"}";
        const string sent = "2026-11-22T15:03:51.007Z";
        var credentials = Credentials();
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "POST",
            Path = "/api/v5/trade/order"u8,
            Body = Encoding.UTF8.GetBytes(body),
            BodyFormat = BodyFormat.Json,
            UnixTimeMilliseconds = Now,
            CredentialHeaderValues = new string?[] { null, null, sent, null },
        };

        Assert.Equal(SignOutcome.Signed, _scheme.Sign(input, credentials, output));
        Assert.Equal(sent + "POST/api/v5/trade/order" + body, Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        Assert.Equal(Hmac(sent + "POST/api/v5/trade/order" + body), Headers(output)["OK-ACCESS-SIGN"]);
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
            Path = Encoding.ASCII.GetBytes(Path),
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
