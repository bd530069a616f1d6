using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Nonces;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bitfinex;

/// <summary>
/// Bitfinex publishes no worked example (secret + payload + expected signature): docs.bitfinex.com/docs/rest-auth
/// ("Authenticated Endpoints") shows only the code. These use that page's example inputs — apiPath
/// <c>v2/auth/r/wallets</c>, body <c>{}</c>, a <c>Date.now() * 1000</c> nonce — signed inside SoftHSM2 through the
/// scheme, against the docs' formula computed independently here with System.Security.Cryptography:
/// <c>hex(HMAC-SHA384(secret, `/api/${apiPath}${nonce}${JSON.stringify(body)}`))</c>.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BitfinexKnownAnswerTests(SoftHsmToken token)
{
    private const long NonceMillis = 1_700_000_000_123;

    [Theory]
    [InlineData("/v2/auth/r/wallets", "{}")]
    [InlineData("/v2/auth/w/order/submit", "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"0.002\",\"price\":\"50000\"}")]
    public void Docs_example_inputs_signed_in_SoftHSM_match_the_docs_formula(string path, string body)
    {
        var secret = Encoding.ASCII.GetBytes(TestSecrets.BinanceStyle());
        var (nonce, signature) = SignThroughHsm(secret, path, body);

        Assert.Equal((NonceMillis * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), nonce);
        var expected = Convert.ToHexStringLower(HMACSHA384.HashData(secret, Encoding.ASCII.GetBytes($"/api/{path[1..]}{nonce}{body}")));
        Assert.Equal(expected, signature);
    }

    [Fact]
    public void A_one_byte_change_in_the_prehash_changes_the_signature()
    {
        var secret = Encoding.ASCII.GetBytes(TestSecrets.BinanceStyle());
        var (nonce, signature) = SignThroughHsm(secret, "/v2/auth/r/wallets", "{ }");

        var docs = Convert.ToHexStringLower(HMACSHA384.HashData(secret, Encoding.ASCII.GetBytes($"/api/v2/auth/r/wallets{nonce}{{}}")));
        Assert.NotEqual(docs, signature);
    }

    private (string Nonce, string Signature) SignThroughHsm(byte[] secret, string path, string body)
    {
        var label = TestSecrets.Label("kat-bitfinex");
        token.ImportHmac(label, secret);
        using var hsm = token.Connect();
        Assert.True(SigningSchemes.TryGet("bitfinex-v2", out var scheme));
        var credentials = new VenueCredentials("api-key", hsm.ResolveSigningKey(label, scheme.Algorithm), nonces: new NonceCounter(null, leaseSpan: 1000));
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "POST",
            Path = Encoding.ASCII.GetBytes(path),
            Body = Encoding.ASCII.GetBytes(body),
            BodyFormat = BodyFormat.Json,
            UnixTimeMilliseconds = NonceMillis,
        };

        Assert.Equal(SignOutcome.Signed, scheme.Sign(input, credentials, output));
        Assert.Equal(body, Encoding.ASCII.GetString(output.Body.WrittenSpan));
        return (Encoding.ASCII.GetString(output.Headers.ComputedValueAt(0)), Encoding.ASCII.GetString(output.Headers.ComputedValueAt(2)));
    }
}
