using System.Text;
using Sidecar.Signing;

namespace Sidecar.Tests.Signing.CoinbaseAdvanced;

/// <summary>Request handling and JWT construction of the coinbase-advanced scheme, with an in-memory P-256 key.</summary>
public sealed class CoinbaseAdvancedSchemeTests : IDisposable
{
    private const string KeyName = "organizations/9e5b2a41-1c2d-4e6f-8a9b-0c1d2e3f4a5b/apiKeys/7f8e9d0c-1b2a-3c4d-5e6f-7a8b9c0d1e2f";
    private readonly ReferenceEcdsaKey _key = new();
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("coinbase-advanced", out var s) ? s : throw new InvalidOperationException();

    public void Dispose() => _key.Dispose();

    [Fact]
    public void Builds_the_documented_header_and_claims_and_signs_them_with_ES256()
    {
        var (outcome, output) = Sign("GET", "/api/v3/brokerage/accounts", "", "", BodyFormat.None, now: 1_700_000_000_999);

        Assert.Equal(SignOutcome.Signed, outcome);
        var jwt = Jwt.FromAuthorization(Authorization(output));
        var nonce = jwt.Header.GetProperty("nonce").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", nonce);
        Assert.Equal($"{{\"alg\":\"ES256\",\"kid\":\"{KeyName}\",\"nonce\":\"{nonce}\",\"typ\":\"JWT\"}}", jwt.HeaderJson);
        Assert.Equal($"{{\"sub\":\"{KeyName}\",\"iss\":\"cdp\",\"nbf\":1700000000,\"exp\":1700000120,\"uri\":\"GET api.coinbase.com/api/v3/brokerage/accounts\"}}", jwt.ClaimsJson);
        Assert.Equal(64, jwt.Signature.Length);
        Assert.True(_key.Verify(Encoding.ASCII.GetBytes(jwt.SigningInput), jwt.Signature));
        Assert.Equal(jwt.SigningInput, Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
    }

    [Fact]
    public void The_uri_claim_names_the_path_without_the_query_and_query_and_body_are_forwarded_as_sent()
    {
        const string body = "{\"order_ids\":[\"bb8851a3-4fda-4a2c-aa06-9048db0e0f0d\"]}";
        var (_, output) = Sign("POST", "/api/v3/brokerage/orders/batch_cancel", "x=1&y=2", body, BodyFormat.Json, now: 1_700_000_000_000);

        var jwt = Jwt.FromAuthorization(Authorization(output));
        Assert.Equal("POST api.coinbase.com/api/v3/brokerage/orders/batch_cancel", jwt.Claims.GetProperty("uri").GetString());
        Assert.Equal("x=1&y=2", Encoding.ASCII.GetString(output.Query.WrittenSpan));
        Assert.Equal(body, Encoding.ASCII.GetString(output.Body.WrittenSpan));
    }

    [Fact]
    public void The_host_is_the_venues_signed_host()
    {
        var (_, output) = Sign("GET", "/api/v3/brokerage/accounts", "", "", BodyFormat.None, now: 1_700_000_000_000, host: "api.coinbase.example");

        Assert.Equal("GET api.coinbase.example/api/v3/brokerage/accounts", Jwt.FromAuthorization(Authorization(output)).Claims.GetProperty("uri").GetString());
    }

    [Fact]
    public void Every_request_gets_a_fresh_nonce()
    {
        var nonces = Enumerable.Range(0, 20)
            .Select(_ => Jwt.FromAuthorization(Authorization(Sign("GET", "/api/v3/brokerage/accounts", "", "", BodyFormat.None, now: 1_700_000_000_000).Output)))
            .Select(jwt => jwt.Header.GetProperty("nonce").GetString())
            .ToHashSet();

        Assert.Equal(20, nonces.Count);
    }

    [Fact]
    public void Key_names_and_paths_are_escaped_as_json()
    {
        var (_, output) = Sign("GET", "/api/v3/brokerage/a\"b\\c", "", "", BodyFormat.None, now: 1_700_000_000_000, keyName: "org\"with\\quote");

        var jwt = Jwt.FromAuthorization(Authorization(output));
        Assert.Equal("org\"with\\quote", jwt.Header.GetProperty("kid").GetString());
        Assert.Equal("org\"with\\quote", jwt.Claims.GetProperty("sub").GetString());
        Assert.Equal("GET api.coinbase.com/api/v3/brokerage/a\"b\\c", jwt.Claims.GetProperty("uri").GetString());
    }

    [Fact]
    public void Only_the_authorization_header_is_set_and_the_bots_is_stripped()
    {
        var (_, output) = Sign("GET", "/api/v3/brokerage/accounts", "", "", BodyFormat.None, now: 1);

        Assert.Equal(1, output.Headers.Count);
        Assert.Equal("Authorization", output.Headers.NameAt(0));
        Assert.Contains("Authorization", _scheme.CredentialHeaders);
        Assert.Contains("CB-ACCESS-SIGN", _scheme.CredentialHeaders);
        Assert.Equal(SignatureAlgorithm.EcdsaP256Sha256, _scheme.Algorithm);
        Assert.False(_scheme.RequiresPassphrase);
    }

    [Fact]
    public void Refuses_to_sign_without_a_host()
    {
        var (outcome, _) = Sign("GET", "/api/v3/brokerage/accounts", "", "", BodyFormat.None, now: 1, host: "");

        Assert.Equal(SignOutcome.Rejected, outcome);
        Assert.Equal(0, _key.Signs);
    }

    [Fact]
    public void A_long_key_name_still_signs()
    {
        var keyName = "organizations/" + new string('k', 3000) + "/apiKeys/x";
        var (outcome, output) = Sign("GET", "/api/v3/brokerage/accounts", "", "", BodyFormat.None, now: 1_700_000_000_000, keyName: keyName);

        Assert.Equal(SignOutcome.Signed, outcome);
        var jwt = Jwt.FromAuthorization(Authorization(output));
        Assert.Equal(keyName, jwt.Header.GetProperty("kid").GetString());
        Assert.True(_key.Verify(Encoding.ASCII.GetBytes(jwt.SigningInput), jwt.Signature));
    }

    private (SignOutcome Outcome, SignedRequest Output) Sign(string method, string path, string query, string body, BodyFormat format, long now,
        string host = "api.coinbase.com", string keyName = KeyName)
    {
        var credentials = new VenueCredentials(keyName, _key);
        _scheme.Prepare(credentials);
        var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = method,
            Path = Encoding.ASCII.GetBytes(path),
            Query = Encoding.ASCII.GetBytes(query),
            Body = Encoding.ASCII.GetBytes(body),
            BodyFormat = format,
            Host = host,
            UnixTimeMilliseconds = now,
        };
        return (_scheme.Sign(input, credentials, output), output);
    }

    internal static string Authorization(SignedRequest output)
    {
        Assert.Equal("Authorization", output.Headers.NameAt(0));
        return Encoding.ASCII.GetString(output.Headers.ComputedValueAt(0));
    }
}
