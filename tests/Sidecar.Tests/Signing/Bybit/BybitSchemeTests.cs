using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bybit;

/// <summary>Parameter and header handling of bybit-v5, with an in-memory HMAC key standing in for the HSM.</summary>
public sealed class BybitSchemeTests
{
    private const string ApiKey = "venue-api-key";
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
    private readonly ReferenceHmacKey _key = new(Secret);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("bybit-v5", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Get_signs_timestamp_key_recv_window_and_the_query_as_sent()
    {
        const string query = "category=spot&symbol=BTCUSDT&orderLinkId=a%2Fb";
        var (outcome, output) = Sign("GET", "/v5/order/realtime", query, "", BodyFormat.None, now: 1700000000123);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(EndpointAccess.Signed, output.Access);
        Assert.Equal(query, Encoding.ASCII.GetString(output.Query.WrittenSpan));
        Assert.Equal("", Encoding.ASCII.GetString(output.Body.WrittenSpan));
        Assert.Equal("1700000000123" + ApiKey + "5000" + query, Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
        var headers = Headers(output);
        Assert.Equal(ApiKey, headers["X-BAPI-API-KEY"]);
        Assert.Equal("1700000000123", headers["X-BAPI-TIMESTAMP"]);
        Assert.Equal("5000", headers["X-BAPI-RECV-WINDOW"]);
        Assert.Equal(Hmac("1700000000123" + ApiKey + "5000" + query), headers["X-BAPI-SIGN"]);
        Assert.Equal(4, output.Headers.Count);
    }

    [Fact]
    public void Post_signs_the_raw_json_body_byte_for_byte()
    {
        const string body = "{\"category\": \"spot\",\n \"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\",\"orderLinkId\":\"\u00e9t\u00e9\"}";
        var (outcome, output) = Sign("POST", "/v5/order/create", "", body, BodyFormat.Json, now: 42);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(body, Encoding.UTF8.GetString(output.Body.WrittenSpan));
        Assert.Equal("", Encoding.ASCII.GetString(output.Query.WrittenSpan));
        Assert.Equal(Hmac("42" + ApiKey + "5000" + body), Headers(output)["X-BAPI-SIGN"]);
    }

    [Fact]
    public void Post_without_a_body_signs_an_empty_payload()
    {
        var (outcome, output) = Sign("POST", "/v5/account/upgrade-to-uta", "", "", BodyFormat.None, now: 7);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(Hmac("7" + ApiKey + "5000"), Headers(output)["X-BAPI-SIGN"]);
    }

    [Fact]
    public void Bot_sent_credential_headers_are_all_stripped_and_replaced()
    {
        // The host strips every header in CredentialHeaders and sets the scheme's; of the bot's values only a
        // well-formed timestamp and receive window survive (BybitConformance.BotValues rows).
        Assert.Equal(["X-BAPI-API-KEY", "X-BAPI-TIMESTAMP", "X-BAPI-RECV-WINDOW", "X-BAPI-SIGN", "X-BAPI-SIGN-TYPE"], _scheme.CredentialHeaders);
        Assert.Empty(_scheme.CredentialParameters);
        Assert.False(_scheme.RequiresPassphrase);
        Assert.False(_scheme.UsesNonces);
        Assert.DoesNotContain("Referer", _scheme.CredentialHeaders);
    }

    [Fact]
    public void The_timestamp_is_sidecars_clock()
    {
        var (_, first) = Sign("GET", "/v5/account/wallet-balance", "accountType=UNIFIED", "", BodyFormat.None, now: 1);
        var firstSign = Headers(first)["X-BAPI-SIGN"];
        var (_, second) = Sign("GET", "/v5/account/wallet-balance", "accountType=UNIFIED", "", BodyFormat.None, now: 2);

        Assert.Equal("2", Headers(second)["X-BAPI-TIMESTAMP"]);
        Assert.NotEqual(firstSign, Headers(second)["X-BAPI-SIGN"]);
    }

    private (SignOutcome Outcome, SignedRequest Output) Sign(string method, string path, string query, string body, BodyFormat format, long now)
    {
        var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = method,
            Path = Encoding.ASCII.GetBytes(path),
            Query = Encoding.ASCII.GetBytes(query),
            Body = Encoding.UTF8.GetBytes(body),
            BodyFormat = format,
            Host = "api.bybit.com",
            UnixTimeMilliseconds = now,
        };
        return (_scheme.Sign(input, new VenueCredentials(ApiKey, _key), output), output);
    }

    private static Dictionary<string, string> Headers(SignedRequest output) => Conformance.SigningOutputs.Headers(output);

    private static string Hmac(string prehash) => Convert.ToHexStringLower(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(prehash)));
}
