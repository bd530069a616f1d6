using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bybit;

/// <summary>
/// bybit-v5 keeps the bot's <c>X-BAPI-TIMESTAMP</c> (13 digits) and <c>X-BAPI-RECV-WINDOW</c> (1–6 digits) when
/// well-formed, byte for byte and signed; it replaces everything else the bot sent in its credential headers.
/// </summary>
public sealed class BybitBotHeaderTests
{
    private const string ApiKey = "venue-api-key";
    private const long Now = 1_700_000_000_123;
    private const string Query = "accountType=UNIFIED";
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
    private readonly ReferenceHmacKey _key = new(Secret);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("bybit-v5", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Bot_values_line_up_with_the_credential_headers()
    {
        Assert.Equal(["X-BAPI-API-KEY", "X-BAPI-TIMESTAMP", "X-BAPI-RECV-WINDOW", "X-BAPI-SIGN", "X-BAPI-SIGN-TYPE"], _scheme.CredentialHeaders);
    }

    [Fact]
    public void A_well_formed_bot_timestamp_and_receive_window_are_kept_and_signed()
    {
        var headers = Sign(Bot(key: "placeholder-key", timestamp: "1700000000999", recvWindow: "20000", sign: "00ff", signType: "2"));

        Assert.Equal("1700000000999", headers["X-BAPI-TIMESTAMP"]);
        Assert.Equal("20000", headers["X-BAPI-RECV-WINDOW"]);
        Assert.Equal(ApiKey, headers["X-BAPI-API-KEY"]);
        Assert.Equal(Hmac("1700000000999" + ApiKey + "20000" + Query), headers["X-BAPI-SIGN"]);
        Assert.False(headers.ContainsKey("X-BAPI-SIGN-TYPE"));
        Assert.Equal(1, _key.Signs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("17000000009991")] // 14 digits
    [InlineData("170000000099")] // 12 digits
    [InlineData("0700000000999")] // leading zero
    [InlineData("+700000000999")]
    [InlineData("-700000000999")]
    [InlineData(" 1700000000999")]
    [InlineData("1700000000999 ")]
    [InlineData("1700000000.99")]
    [InlineData("17000000009a9")]
    [InlineData("\uff11700000000999")] // a non-ASCII digit
    public void A_malformed_bot_timestamp_is_replaced_by_sidecars_clock(string sent)
    {
        var headers = Sign(Bot(timestamp: sent, recvWindow: "20000"));

        Assert.Equal("1700000000123", headers["X-BAPI-TIMESTAMP"]);
        Assert.Equal("20000", headers["X-BAPI-RECV-WINDOW"]); // judged on its own
        Assert.Equal(Hmac("1700000000123" + ApiKey + "20000" + Query), headers["X-BAPI-SIGN"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("05000")]
    [InlineData("1000000")] // 7 digits
    [InlineData("5000ms")]
    [InlineData("-5000")]
    [InlineData("5e3")]
    [InlineData("5000.0")]
    public void A_malformed_bot_receive_window_is_replaced_by_the_default(string sent)
    {
        var headers = Sign(Bot(timestamp: "1700000000999", recvWindow: sent));

        Assert.Equal("5000", headers["X-BAPI-RECV-WINDOW"]);
        Assert.Equal("1700000000999", headers["X-BAPI-TIMESTAMP"]);
        Assert.Equal(Hmac("1700000000999" + ApiKey + "5000" + Query), headers["X-BAPI-SIGN"]);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("999999")]
    public void Receive_windows_of_one_to_six_digits_are_kept(string sent)
    {
        Assert.Equal(sent, Sign(Bot(recvWindow: sent))["X-BAPI-RECV-WINDOW"]);
    }

    [Fact]
    public void Nothing_sent_means_sidecars_clock_and_the_default_window()
    {
        var headers = Sign([]);

        Assert.Equal("1700000000123", headers["X-BAPI-TIMESTAMP"]);
        Assert.Equal("5000", headers["X-BAPI-RECV-WINDOW"]);
        Assert.Equal(Hmac("1700000000123" + ApiKey + "5000" + Query), headers["X-BAPI-SIGN"]);
    }

    [Fact]
    public void A_post_signs_the_bots_timestamp_with_the_body()
    {
        const string body = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\"}";
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "POST",
            Path = "/v5/order/create"u8,
            Body = Encoding.UTF8.GetBytes(body),
            BodyFormat = BodyFormat.Json,
            UnixTimeMilliseconds = Now,
            CredentialHeaderValues = Bot(timestamp: "1700000000555"),
        };

        Assert.Equal(SignOutcome.Signed, _scheme.Sign(input, new VenueCredentials(ApiKey, _key), output));
        var headers = Headers(output);
        Assert.Equal("1700000000555", headers["X-BAPI-TIMESTAMP"]);
        Assert.Equal(Hmac("1700000000555" + ApiKey + "5000" + body), headers["X-BAPI-SIGN"]);
    }

    private static string?[] Bot(string? key = null, string? timestamp = null, string? recvWindow = null, string? sign = null, string? signType = null) =>
        [key, timestamp, recvWindow, sign, signType];

    private Dictionary<string, string> Sign(string?[] bot)
    {
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "GET",
            Path = "/v5/account/wallet-balance"u8,
            Query = Encoding.ASCII.GetBytes(Query),
            UnixTimeMilliseconds = Now,
            CredentialHeaderValues = bot,
        };
        Assert.Equal(SignOutcome.Signed, _scheme.Sign(input, new VenueCredentials(ApiKey, _key), output));
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

    private static string Hmac(string prehash) => Convert.ToHexStringLower(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(prehash)));
}
