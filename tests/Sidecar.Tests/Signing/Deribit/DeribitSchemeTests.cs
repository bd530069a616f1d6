using System.Security.Cryptography;
using System.Text;
using Sidecar.FakeExchange.Deribit;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Deribit;

/// <summary>Request handling of the deribit scheme, with an in-memory HMAC key.</summary>
public sealed class DeribitSchemeTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("AMANDASECRECT");
    private readonly ReferenceHmacKey _key = new(Secret);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("deribit", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Signs_ts_nonce_method_uri_and_body_on_separate_lines()
    {
        var (outcome, output) = Sign("GET", "/api/v2/private/get_account_summary", "currency=BTC", "", BodyFormat.None, now: 1_700_000_000_123);

        Assert.Equal(SignOutcome.Signed, outcome);
        var auth = Authorization(output);
        Assert.Equal("AMANDA", auth["id"]);
        Assert.Equal("1700000000123", auth["ts"]);
        Assert.Matches("^[0-9a-f]{16}$", auth["nonce"]);
        var prehash = $"1700000000123\n{auth["nonce"]}\nGET\n/api/v2/private/get_account_summary?currency=BTC\n\n";
        Assert.Equal(prehash, Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Secret, Encoding.ASCII.GetBytes(prehash))), auth["sig"]);
        Assert.Equal("currency=BTC", Encoding.ASCII.GetString(output.Query.WrittenSpan));
    }

    [Fact]
    public void The_header_has_the_documented_shape()
    {
        var (_, output) = Sign("GET", "/api/v2/private/get_account_summaries", "", "", BodyFormat.None, now: 42);

        Assert.Equal("Authorization", output.Headers.NameAt(0));
        Assert.Matches("^deri-hmac-sha256 id=AMANDA,ts=42,sig=[0-9a-f]{64},nonce=[0-9a-f]{16}$", Encoding.ASCII.GetString(output.Headers.ComputedValueAt(0)));
        Assert.Equal(1, output.Headers.Count);
        Assert.Equal(["Authorization"], _scheme.CredentialHeaders);
    }

    [Fact]
    public void A_json_rpc_body_is_signed_and_forwarded_as_sent()
    {
        const string body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"private/buy\",\"params\":{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10}}";
        var (_, output) = Sign("POST", "/api/v2/private/buy", "", body, BodyFormat.Json, now: 42);

        var auth = Authorization(output);
        Assert.Equal($"42\n{auth["nonce"]}\nPOST\n/api/v2/private/buy\n{body}\n", Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
        Assert.Equal(body, Encoding.ASCII.GetString(output.Body.WrittenSpan));
        Assert.True(DeribitSignature.Verify(Secret, "42", auth["nonce"], "POST", "/api/v2/private/buy", body, auth["sig"]));
    }

    [Fact]
    public void Every_request_gets_a_fresh_nonce()
    {
        var nonces = Enumerable.Range(0, 20)
            .Select(_ => Authorization(Sign("GET", "/api/v2/private/get_positions", "currency=BTC", "", BodyFormat.None, now: 42).Output)["nonce"])
            .ToHashSet();

        Assert.Equal(20, nonces.Count);
    }

    private (SignOutcome Outcome, SignedRequest Output) Sign(string method, string path, string query, string body, BodyFormat format, long now) =>
        Conformance.SigningOutputs.PrepareAndSign(_scheme, new VenueCredentials("AMANDA", _key), new(method, path, query, body, format) { Host = "www.deribit.com" }, now);

    internal static Dictionary<string, string> Authorization(SignedRequest output) =>
        DeribitSignature.ParseAuthorization(Encoding.ASCII.GetString(output.Headers.ComputedValueAt(0)))!;
}
