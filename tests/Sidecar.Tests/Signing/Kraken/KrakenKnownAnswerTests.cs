using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Nonces;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Kraken;

/// <summary>
/// Kraken's published example (docs.kraken.com/api/docs/guides/spot-rest-auth, "Spot REST Authentication" →
/// "Examples"), signed inside SoftHSM2 through the scheme exactly as the proxy does. The token holds the
/// base64-decoded secret, as <c>sidecar keys import --encoding base64</c> stores it.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KrakenKnownAnswerTests(SoftHsmToken token)
{
    private const string DocsSecret = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
    private const string DocsPath = "/0/private/AddOrder";
    private const string DocsPayload = "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25";
    private const string DocsSignature = "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==";

    [Fact]
    public void The_docs_AddOrder_example_signed_in_SoftHSM_matches()
    {
        // The docs' nonce (1616492376594) is above a fresh counter and the clock below (1 ms → 1000 µs): kept.
        var (body, signature) = SignThroughHsm(DocsPayload);

        Assert.Equal(DocsPayload, body);
        Assert.Equal(DocsSignature, signature);
    }

    [Fact]
    public void A_one_byte_change_in_the_prehash_changes_the_signature()
    {
        var (body, signature) = SignThroughHsm(DocsPayload.Replace("price=37500", "price=37501", StringComparison.Ordinal));

        Assert.Contains("price=37501", body, StringComparison.Ordinal);
        Assert.NotEqual(DocsSignature, signature);
    }

    private (string Body, string Signature) SignThroughHsm(string payload)
    {
        var label = TestSecrets.Label("kat-kraken");
        token.ImportHmac(label, Convert.FromBase64String(DocsSecret));
        using var hsm = token.Connect();
        Assert.True(SigningSchemes.TryGet("kraken", out var scheme));
        var credentials = new VenueCredentials("api-key", hsm.ResolveSigningKey(label, scheme.Algorithm), nonces: new NonceCounter(null, leaseSpan: 1000));
        using var output = new SignedRequest();
        var input = new SigningInput
        {
            Method = "POST",
            Path = Encoding.ASCII.GetBytes(DocsPath),
            Body = Encoding.ASCII.GetBytes(payload),
            BodyFormat = BodyFormat.Form,
            UnixTimeMilliseconds = 1,
        };

        Assert.Equal(SignOutcome.Signed, scheme.Sign(input, credentials, output));
        Assert.Equal("API-Sign", output.Headers.NameAt(1));
        return (Encoding.ASCII.GetString(output.Body.WrittenSpan), Encoding.ASCII.GetString(output.Headers.ComputedValueAt(1)));
    }
}
