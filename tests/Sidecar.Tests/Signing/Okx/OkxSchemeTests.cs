using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Okx;

/// <summary>Parameter and header handling of okx-v5, with an in-memory HMAC key standing in for the HSM.</summary>
public sealed class OkxSchemeTests
{
    private const string ApiKey = "venue-api-key";
    private const string Passphrase = "venue-passphrase";
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
    private readonly ReferenceHmacKey _key = new(Secret);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("okx-v5", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Get_signs_iso_timestamp_method_path_and_query_as_sent()
    {
        const string query = "instType=SPOT&instId=BTC-USDT&after=%2B1";
        var (outcome, output) = Sign("GET", "/api/v5/trade/orders-pending", query, "", BodyFormat.None, now: 1607418537715);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(query, Encoding.ASCII.GetString(output.Query.WrittenSpan));
        const string prehash = "2020-12-08T09:08:57.715ZGET/api/v5/trade/orders-pending?" + query;
        Assert.Equal(prehash, Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
        var headers = Headers(output);
        Assert.Equal(ApiKey, headers["OK-ACCESS-KEY"]);
        Assert.Equal(Passphrase, headers["OK-ACCESS-PASSPHRASE"]);
        Assert.Equal("2020-12-08T09:08:57.715Z", headers["OK-ACCESS-TIMESTAMP"]);
        Assert.Equal(Hmac(prehash), headers["OK-ACCESS-SIGN"]);
        Assert.Equal(4, output.Headers.Count);
    }

    [Fact]
    public void Get_without_a_query_signs_the_bare_path()
    {
        var (_, output) = Sign("GET", "/api/v5/account/balance", "", "", BodyFormat.None, now: 1607418537000);

        Assert.Equal("2020-12-08T09:08:57.000ZGET/api/v5/account/balance", Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
    }

    [Fact]
    public void Post_signs_the_raw_json_body_including_ccxts_broker_client_order_id()
    {
        const string body = "[{\"instId\":\"BTC-USDT\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"tdMode\":\"cash\",\"px\":\"50000\",\"clOrdId\":\"6b9ad766b55dBCDE8874d2ecd46d839d\",\"tag\":\"6b9ad766b55dBCDE\"}]";
        var (outcome, output) = Sign("POST", "/api/v5/trade/batch-orders", "", body, BodyFormat.Json, now: 1607418537715);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(body, Encoding.UTF8.GetString(output.Body.WrittenSpan));
        Assert.Equal(Hmac("2020-12-08T09:08:57.715ZPOST/api/v5/trade/batch-orders" + body), Headers(output)["OK-ACCESS-SIGN"]);
    }

    [Fact]
    public void Bot_sent_credential_headers_are_stripped_and_simulated_trading_passes_through()
    {
        Assert.Equal(["OK-ACCESS-KEY", "OK-ACCESS-SIGN", "OK-ACCESS-TIMESTAMP", "OK-ACCESS-PASSPHRASE"], _scheme.CredentialHeaders);
        Assert.DoesNotContain("x-simulated-trading", _scheme.CredentialHeaders, StringComparer.OrdinalIgnoreCase);
        Assert.Empty(_scheme.CredentialParameters);
        Assert.True(_scheme.RequiresPassphrase);
    }

    [Fact]
    public void Prepare_sends_the_passphrase_as_is()
    {
        var credentials = new VenueCredentials(ApiKey, _key, Passphrase);
        _scheme.Prepare(credentials);

        Assert.Equal(Passphrase, credentials.PassphraseHeader);
        Assert.Equal(0, _key.Signs);
    }

    private (SignOutcome Outcome, SignedRequest Output) Sign(string method, string path, string query, string body, BodyFormat format, long now) =>
        Conformance.SigningOutputs.PrepareAndSign(_scheme, new VenueCredentials(ApiKey, _key, Passphrase), new(method, path, query, body, format) { Host = "www.okx.com" }, now);

    private static Dictionary<string, string> Headers(SignedRequest output) => Conformance.SigningOutputs.Headers(output);

    private static string Hmac(string prehash) => Convert.ToBase64String(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(prehash)));
}
