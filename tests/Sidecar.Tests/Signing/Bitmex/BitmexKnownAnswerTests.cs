using System.Text;
using Sidecar.FakeExchange.Bitmex;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bitmex;

/// <summary>
/// BitMEX's published examples ("API Keys Usage", www.bitmex.com/app/apiKeysUsage — secret
/// chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO), signed inside SoftHSM2 through the scheme exactly as the
/// proxy does. The scheme sets expires = now + <c>ExpiresAfterSeconds</c>, so "now" is chosen to land on the
/// documented expires values. The two GET examples sign <c>GET /api/v1/instrument</c>, public market data that the
/// scheme forwards unsigned, so those drive the scheme's signing step (<c>BitmexScheme.SignPrivate</c>, what
/// <c>Sign</c> runs for private endpoints) directly; the POST example goes through <c>Sign</c>.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BitmexKnownAnswerTests(SoftHsmToken token)
{
    private const string DocsSecret = "chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO";
    private const string DocsOrder = "{\"symbol\":\"XBTM15\",\"price\":219.0,\"clOrdID\":\"mm_bitmex_1a/oemUeQ4CAJZgP3fjHsA\",\"orderQty\":98}";

    public static TheoryData<string, string, string, string, long, string> Vectors => new()
    {
        // "Simple GET": GET/api/v1/instrument1518064236
        { "GET", "/api/v1/instrument", "", "", 1518064236, "c7682d435d0cfe87c16098df34ef2eb5a549d4c5a3c2b1f0f77b8af73423bf00" },
        // "GET with complex querystring (value is URL-encoded)": GET/api/v1/instrument?filter=%7B%22symbol%22%3A+%22XBTM15%22%7D1518064237
        { "GET", "/api/v1/instrument", "filter=%7B%22symbol%22%3A+%22XBTM15%22%7D", "", 1518064237, "e2f422547eecb5b3cb29ade2127e21b858b235b386bfa45e1c1756eb3383919f" },
        // "POST": POST/api/v1/order1518064238{"symbol":"XBTM15","price":219.0,"clOrdID":"mm_bitmex_1a/oemUeQ4CAJZgP3fjHsA","orderQty":98}
        { "POST", "/api/v1/order", "", DocsOrder, 1518064238, "1749cd2ccae4aa49048ae09f0b95110cee706e0944e6a14ad0b3a8cb45bd336b" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Signed_in_SoftHSM_matches_the_docs(string verb, string path, string query, string body, long expires, string expected)
    {
        var signed = SignThroughHsm(verb, path, query, body, expires);

        Assert.Equal(expected, signed.Signature);
        Assert.Equal(expires.ToString(System.Globalization.CultureInfo.InvariantCulture), signed.Expires);
        Assert.Equal(query, signed.Query);
        Assert.Equal(body, signed.Body);
        Assert.True(BitmexSignature.Verify(Encoding.UTF8.GetBytes(DocsSecret), verb, query.Length > 0 ? path + "?" + query : path, signed.Expires, body, expected));
    }

    [Fact]
    public void A_one_byte_change_in_the_prehash_changes_the_signature()
    {
        var signed = SignThroughHsm("POST", "/api/v1/order", "", DocsOrder.Replace("219.0", "219.5", StringComparison.Ordinal), 1518064238);

        Assert.NotEqual("1749cd2ccae4aa49048ae09f0b95110cee706e0944e6a14ad0b3a8cb45bd336b", signed.Signature);
        Assert.False(BitmexSignature.Verify(Encoding.UTF8.GetBytes(DocsSecret), "POST", "/api/v1/order", "1518064238", DocsOrder, signed.Signature));
    }

    private (string Signature, string Expires, string Query, string Body) SignThroughHsm(string verb, string path, string query, string body, long expires)
    {
        var label = TestSecrets.Label("kat-bitmex");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(DocsSecret));
        using var hsm = token.Connect();
        Assert.True(SigningSchemes.TryGet("bitmex", out var scheme));
        var credentials = new VenueCredentials("LAqUlngMIQkIUjXMUreyu3qn", hsm.ResolveSigningKey(label, scheme.Algorithm));
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = verb,
            Path = Encoding.ASCII.GetBytes(path),
            Query = Encoding.ASCII.GetBytes(query),
            Body = Encoding.ASCII.GetBytes(body),
            BodyFormat = body.Length > 0 ? BodyFormat.Json : BodyFormat.None,
            Host = "www.bitmex.com",
            UnixTimeMilliseconds = (expires - BitmexSchemeTests.ExpiresAfterSeconds) * 1000 + 999,
        };

        var outcome = scheme.Exchange.Endpoints.Find(verb, input.Path).Access == EndpointAccess.Public
            ? ((Sidecar.Signing.Bitmex.BitmexScheme)scheme).SignPrivate(input, credentials, output)
            : scheme.Sign(input, credentials, output);
        Assert.Equal(SignOutcome.Signed, outcome);
        return (BitmexSchemeTests.Header(output, "api-signature"), BitmexSchemeTests.Header(output, "api-expires"),
            Encoding.ASCII.GetString(output.Query.WrittenSpan), Encoding.ASCII.GetString(output.Body.WrittenSpan));
    }
}
