using System.Security.Cryptography;
using System.Text;
using Sidecar.FakeExchange.CoinbaseExchange;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.CoinbaseExchange;

/// <summary>
/// coinbase-exchange signed inside SoftHSM2 exactly as the proxy does. Coinbase's docs ("Exchange REST API
/// Authentication → Signing a Message") publish no worked example with an expected signature — their example secret
/// is truncated ("PYPd1Hv4J6/7x...") and the timestamp is Date.now() — so these use the docs' example request
/// (POST /orders with the JSON body of the JavaScript sample) with fixed timestamps, and the expected value comes
/// from an independent implementation (.NET HMACSHA256 over the base64-decoded secret, then base64).
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseExchangeKnownAnswerTests(SoftHsmToken token)
{
    // JSON.stringify({ price: '1.0', size: '1.0', side: 'buy', product_id: 'BTC-USD' }) from the docs' sample.
    private const string DocsBody = "{\"price\":\"1.0\",\"size\":\"1.0\",\"side\":\"buy\",\"product_id\":\"BTC-USD\"}";

    public static TheoryData<string, string, string, string, BodyFormat> Requests => new()
    {
        { "POST", "/orders", "", DocsBody, BodyFormat.Json },
        { "GET", "/orders", "status=open&product_id=BTC-USD", "", BodyFormat.None },
        { "DELETE", "/orders/d0c5340b-6d6c-49d9-b567-48c4bfca13d2", "", "{\"product_id\":\"BTC-USD\"}", BodyFormat.Json },
        { "GET", "/accounts", "", "", BodyFormat.None },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Signature_made_in_SoftHSM_matches_an_independent_computation(string method, string path, string query, string body, BodyFormat format)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var signed = SignThroughHsm(secret, method, path, query, body, format, unixMs: 1_700_000_123_456);

        var requestPath = query.Length > 0 ? path + "?" + query : path;
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret), Encoding.UTF8.GetBytes("1700000123" + method + requestPath + body)));
        Assert.Equal(expected, signed.Signature);
        Assert.Equal("1700000123", signed.Timestamp);
        Assert.True(CoinbaseExchangeSignature.Verify(Convert.FromBase64String(secret), signed.Timestamp, method, requestPath, body, signed.Signature));
    }

    [Fact]
    public void A_one_byte_change_in_the_prehash_changes_the_signature()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var good = SignThroughHsm(secret, "POST", "/orders", "", DocsBody, BodyFormat.Json, unixMs: 1_700_000_123_456);
        var mutated = SignThroughHsm(secret, "POST", "/orders", "", DocsBody.Replace("1.0", "1.1", StringComparison.Ordinal), BodyFormat.Json, unixMs: 1_700_000_123_456);

        Assert.NotEqual(good.Signature, mutated.Signature);
        Assert.False(CoinbaseExchangeSignature.Verify(Convert.FromBase64String(secret), good.Timestamp, "POST", "/orders", DocsBody, mutated.Signature));
    }

    private (string Signature, string Timestamp) SignThroughHsm(string secret, string method, string path, string query, string body, BodyFormat format, long unixMs)
    {
        var label = TestSecrets.Label("kat-cbx");
        token.ImportHmac(label, Convert.FromBase64String(secret));
        using var hsm = token.Connect();
        Assert.True(SigningSchemes.TryGet("coinbase-exchange", out var scheme));
        var credentials = new VenueCredentials("api-key", hsm.ResolveSigningKey(label, scheme.Algorithm), "passphrase");
        scheme.Prepare(credentials);
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = method,
            Path = Encoding.ASCII.GetBytes(path),
            Query = Encoding.ASCII.GetBytes(query),
            Body = Encoding.ASCII.GetBytes(body),
            BodyFormat = format,
            Host = "api.exchange.coinbase.com",
            UnixTimeMilliseconds = unixMs,
        };

        Assert.Equal(SignOutcome.Signed, scheme.Sign(input, credentials, output));
        Assert.Equal(body, Encoding.ASCII.GetString(output.Body.WrittenSpan));
        Assert.Equal(query, Encoding.ASCII.GetString(output.Query.WrittenSpan));
        return (Computed(output, "CB-ACCESS-SIGN"), Computed(output, "CB-ACCESS-TIMESTAMP"));
    }

    private static string Computed(SignedRequest output, string name)
    {
        for (var i = 0; i < output.Headers.Count; i++)
        {
            if (output.Headers.NameAt(i) == name)
            {
                return Encoding.ASCII.GetString(output.Headers.ComputedValueAt(i));
            }
        }

        throw new KeyNotFoundException(name);
    }
}
