using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Bitmex;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bitmex;

/// <summary>Request handling of the bitmex scheme, with an in-memory HMAC key.</summary>
public sealed class BitmexSchemeTests
{
    public const long ExpiresAfterSeconds = BitmexScheme.ExpiresAfterSeconds;

    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO");
    private readonly ReferenceHmacKey _key = new(Secret);
    private readonly SigningScheme _scheme = SigningSchemes.TryGet("bitmex", out var s) ? s : throw new InvalidOperationException();

    [Fact]
    public void Signs_verb_path_query_expires_and_body()
    {
        const string body = "{\"symbol\":\"XBTUSD\",\"orderQty\":100,\"price\":50000}";
        var (outcome, output) = Sign("POST", "/api/v1/order", "", body, BodyFormat.Json, now: 1_700_000_000_999);

        Assert.Equal(SignOutcome.Signed, outcome);
        var expires = (1_700_000_000 + ExpiresAfterSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("POST/api/v1/order" + expires + body, Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
        Assert.Equal(expires, Header(output, "api-expires"));
        Assert.Equal("venue-key", Header(output, "api-key"));
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Secret, Encoding.ASCII.GetBytes("POST/api/v1/order" + expires + body))), Header(output, "api-signature"));
        Assert.Equal(body, Encoding.ASCII.GetString(output.Body.WrittenSpan));
    }

    [Fact]
    public void The_query_is_signed_as_part_of_the_path_and_forwarded_unchanged()
    {
        var (_, output) = Sign("GET", "/api/v1/user/margin", "currency=all", "", BodyFormat.None, now: 1_000);

        Assert.Equal($"GET/api/v1/user/margin?currency=all{1 + ExpiresAfterSeconds}", Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
        Assert.Equal("currency=all", Encoding.ASCII.GetString(output.Query.WrittenSpan));
    }

    [Fact]
    public void A_form_body_is_signed_as_sent()
    {
        const string body = "symbol=XBTUSD&orderQty=100&price=50000";
        var (outcome, output) = Sign("POST", "/api/v1/order", "", body, BodyFormat.Form, now: 1_000);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.EndsWith(body, Encoding.ASCII.GetString(output.Prehash.WrittenSpan), StringComparison.Ordinal);
        Assert.Equal(body, Encoding.ASCII.GetString(output.Body.WrittenSpan));
    }

    [Fact]
    public void Strips_the_bots_credentials_including_the_deprecated_nonce()
    {
        Assert.Equal(["api-expires", "api-key", "api-signature", "api-nonce"], _scheme.CredentialHeaders);
        var (_, output) = Sign("GET", "/api/v1/position", "", "", BodyFormat.None, now: 1_000);
        Assert.Equal(3, output.Headers.Count);
    }

    private (SignOutcome Outcome, SignedRequest Output) Sign(string method, string path, string query, string body, BodyFormat format, long now) =>
        Conformance.SigningOutputs.PrepareAndSign(_scheme, new VenueCredentials("venue-key", _key), new(method, path, query, body, format) { Host = "www.bitmex.com" }, now);

    internal static string Header(SignedRequest output, string name) => Conformance.SigningOutputs.Header(output, name);
}
