using System.Security.Cryptography;
using System.Text;
using Sidecar.FakeExchange.CoinbaseAdvanced;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.CoinbaseAdvanced;

/// <summary>
/// coinbase-advanced JWTs signed inside SoftHSM2 (P-256 key generated in the token) exactly as the proxy does.
/// Coinbase publishes no worked example with an expected token ("JWT Authentication" / "Coinbase App API Key
/// Authentication" only show code that signs with the caller's key and the current time), and ES256 signatures are
/// randomised anyway, so these use the docs' example inputs — key name <c>organizations/{org_id}/apiKeys/{key_id}</c>,
/// <c>GET api.coinbase.com/api/v3/brokerage/accounts</c> — and check the token with independent verifiers: .NET's
/// ECDsa with the public key the token exported, and the fake exchange's own JWT checker.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseAdvancedKnownAnswerTests(SoftHsmToken token)
{
    private const string DocsKeyName = "organizations/{org_id}/apiKeys/{key_id}";

    [Theory]
    [InlineData("GET", "/api/v3/brokerage/accounts", "", "")]
    [InlineData("GET", "/api/v3/brokerage/accounts/f603f97c-37d7-4e58-b264-c27e9e393dd9", "", "")]
    [InlineData("GET", "/api/v3/brokerage/orders/historical/batch", "order_status=OPEN&product_ids=BTC-USD", "")]
    [InlineData("POST", "/api/v3/brokerage/orders", "", "{\"client_order_id\":\"x\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\",\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.002\",\"limit_price\":\"50000\"}}}")]
    public void Token_signed_in_SoftHSM_verifies_with_the_public_key_and_the_fakes_checker(string method, string path, string query, string body)
    {
        var now = DateTimeOffset.UtcNow;
        var (authorization, pem) = SignThroughHsm(method, path, query, body, now.ToUnixTimeMilliseconds());

        var jwt = Jwt.FromAuthorization(authorization);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(pem);
        Assert.True(publicKey.VerifyData(Encoding.ASCII.GetBytes(jwt.SigningInput), jwt.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Equal($"{method} api.coinbase.com{path}", jwt.Claims.GetProperty("uri").GetString());
        Assert.Equal(DocsKeyName, jwt.Header.GetProperty("kid").GetString());
        using var fake = new CoinbaseJwtVerifier(DocsKeyName, pem, "api.coinbase.com");
        Assert.Null(fake.Check(authorization, method, path, now));
        Assert.Equal("nonce missing or reused", fake.Check(authorization, method, path, now));
    }

    [Fact]
    public void A_one_byte_change_in_the_signed_part_breaks_the_signature()
    {
        var now = DateTimeOffset.UtcNow;
        var (authorization, pem) = SignThroughHsm("GET", "/api/v3/brokerage/accounts", "", "", now.ToUnixTimeMilliseconds());
        var jwt = Jwt.FromAuthorization(authorization);

        var mutatedClaims = jwt.ClaimsJson.Replace("/accounts", "/accountz", StringComparison.Ordinal);
        var mutated = "Bearer " + authorization["Bearer ".Length..].Split('.')[0] + "."
            + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(mutatedClaims)) + "."
            + authorization.Split('.')[2];

        using var fake = new CoinbaseJwtVerifier(DocsKeyName, pem, "api.coinbase.com");
        Assert.Equal("invalid signature", fake.Check(mutated, "GET", "/api/v3/brokerage/accountz", now));
        Assert.Equal("uri does not match the request", fake.Check(authorization, "GET", "/api/v3/brokerage/accountz", now));
        Assert.Null(fake.Check(authorization, "GET", "/api/v3/brokerage/accounts", now));
    }

    private (string Authorization, string PublicKeyPem) SignThroughHsm(string method, string path, string query, string body, long unixMs)
    {
        var label = TestSecrets.Label("kat-cba");
        var pem = token.GenerateKeyPair(label, KeyType.EcP256);
        using var hsm = token.Connect();
        Assert.True(SigningSchemes.TryGet("coinbase-advanced", out var scheme));
        var credentials = new VenueCredentials(DocsKeyName, hsm.ResolveSigningKey(label, scheme.Algorithm));
        scheme.Prepare(credentials);
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = method,
            Path = Encoding.ASCII.GetBytes(path),
            Query = Encoding.ASCII.GetBytes(query),
            Body = Encoding.ASCII.GetBytes(body),
            BodyFormat = body.Length > 0 ? BodyFormat.Json : BodyFormat.None,
            Host = "api.coinbase.com",
            UnixTimeMilliseconds = unixMs,
        };

        Assert.Equal(SignOutcome.Signed, scheme.Sign(input, credentials, output));
        Assert.Equal(query, Encoding.ASCII.GetString(output.Query.WrittenSpan));
        Assert.Equal(body, Encoding.ASCII.GetString(output.Body.WrittenSpan));
        return (CoinbaseAdvancedSchemeTests.Authorization(output), pem);
    }
}
