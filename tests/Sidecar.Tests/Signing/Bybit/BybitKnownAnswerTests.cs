using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bybit;

/// <summary>
/// bybit-v5 signed inside SoftHSM2 exactly as the proxy does, on the inputs of Bybit's V5 docs ("Integration Guidance
/// → Authentication", https://bybit-exchange.github.io/docs/v5/guide). The docs publish the rule and the plain text
/// ("1658384314791XXXXXXXXXX5000category=option&amp;symbol=BTC-29JUL22-25000-C") but no secret and no resulting
/// signature, so the expected value is computed here by an independent implementation (.NET's HMACSHA256 over the
/// plain text spelled out from the docs) with a per-run secret.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BybitKnownAnswerTests(SoftHsmToken token)
{
    // The docs' example values.
    private const long Timestamp = 1658384314791;
    private const string DocsApiKey = "XXXXXXXXXX";
    private const string DocsQuery = "category=option&symbol=BTC-29JUL22-25000-C";

    // The docs' "Place Order" spot request body (https://bybit-exchange.github.io/docs/v5/order/create-order).
    private const string DocsOrderBody = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"15600\",\"timeInForce\":\"PostOnly\",\"orderLinkId\":\"spot-test-postonly\",\"isLeverage\":0,\"orderFilter\":\"Order\"}";

    private readonly string _secret = TestSecrets.BinanceStyle();

    [Fact]
    public void Get_signature_from_SoftHSM_matches_the_docs_plain_text()
    {
        var (query, body, headers) = SignThroughHsm("GET", "/v5/order/realtime", DocsQuery, "", BodyFormat.None);

        Assert.Equal(DocsQuery, query);
        Assert.Equal("", body);
        Assert.Equal(Reference("1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C"), headers["X-BAPI-SIGN"]);
        Assert.Equal("1658384314791", headers["X-BAPI-TIMESTAMP"]);
        Assert.Equal("5000", headers["X-BAPI-RECV-WINDOW"]);
        Assert.Equal(DocsApiKey, headers["X-BAPI-API-KEY"]);
    }

    [Fact]
    public void Post_signature_from_SoftHSM_matches_the_docs_plain_text()
    {
        var (query, body, headers) = SignThroughHsm("POST", "/v5/order/create", "", DocsOrderBody, BodyFormat.Json);

        Assert.Equal("", query);
        Assert.Equal(DocsOrderBody, body);
        Assert.Equal(Reference("1658384314791XXXXXXXXXX5000" + DocsOrderBody), headers["X-BAPI-SIGN"]);
    }

    [Fact]
    public void A_one_byte_change_in_the_prehash_changes_the_signature()
    {
        var mutated = DocsQuery.Replace("25000", "25001", StringComparison.Ordinal);

        var (_, _, headers) = SignThroughHsm("GET", "/v5/order/realtime", mutated, "", BodyFormat.None);

        Assert.NotEqual(Reference("1658384314791XXXXXXXXXX5000" + DocsQuery), headers["X-BAPI-SIGN"]);
        Assert.Equal(Reference("1658384314791XXXXXXXXXX5000" + mutated), headers["X-BAPI-SIGN"]);
    }

    private string Reference(string plainText) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_secret), Encoding.UTF8.GetBytes(plainText)));

    private (string Query, string Body, Dictionary<string, string> Headers) SignThroughHsm(string method, string path, string query, string body, BodyFormat format)
    {
        var label = TestSecrets.Label("kat-bybit");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(_secret));
        using var hsm = token.Connect();
        Assert.True(SigningSchemes.TryGet("bybit-v5", out var scheme));
        var key = hsm.ResolveSigningKey(label, scheme.Algorithm);
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = method,
            Path = Encoding.ASCII.GetBytes(path),
            Query = Encoding.ASCII.GetBytes(query),
            Body = Encoding.UTF8.GetBytes(body),
            BodyFormat = format,
            Host = "api.bybit.com",
            UnixTimeMilliseconds = Timestamp,
        };

        Assert.Equal(SignOutcome.Signed, scheme.Sign(input, new VenueCredentials(DocsApiKey, key), output));
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < output.Headers.Count; i++)
        {
            headers.Add(output.Headers.NameAt(i), output.Headers.ConstantValueAt(i) ?? Encoding.ASCII.GetString(output.Headers.ComputedValueAt(i)));
        }

        return (Encoding.ASCII.GetString(output.Query.WrittenSpan), Encoding.UTF8.GetString(output.Body.WrittenSpan), headers);
    }
}
