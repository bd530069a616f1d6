using System.Security.Cryptography;
using Sidecar.Signing;
using Sidecar.Signing.Nonces;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Kraken;

/// <summary>
/// The kraken scheme's signing step — nonce, body rewrite, prehash, HSM sign, base64 — allocates nothing on the
/// managed heap once warm. Counted with GC.GetAllocatedBytesForCurrentThread, as in SigningAllocationTests.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KrakenAllocationTests(SoftHsmToken token)
{
    [Theory]
    [InlineData(BodyFormat.Form, "pair=XBTUSD&type=buy&ordertype=limit&price=65000.5&volume=0.01&nonce=1700000000000", true)]
    [InlineData(BodyFormat.Form, "pair=XBTUSD&type=buy&ordertype=limit&price=65000.5&volume=0.01", false)]
    [InlineData(BodyFormat.Json, "{\"nonce\":\"1700000000000\",\"pair\":\"XBTUSD\",\"orders\":[{\"ordertype\":\"limit\",\"price\":\"65000.5\"}]}", true)]
    public void Signing_allocates_zero_managed_bytes(BodyFormat format, string bodyText, bool sessionKeyCopies)
    {
        Assert.True(SigningSchemes.TryGet("kraken", out var scheme));
        var label = TestSecrets.Label("alloc-kraken");
        token.ImportHmac(label, RandomNumberGenerator.GetBytes(64));
        using var hsm = token.Connect(sessionKeyCopies);
        var credentials = new VenueCredentials("api-key", hsm.ResolveSigningKey(label, scheme.Algorithm), nonces: new NonceCounter(null, leaseSpan: 10_000_000));
        var path = "/0/private/AddOrder"u8.ToArray();
        var body = System.Text.Encoding.ASCII.GetBytes(bodyText);
        using var output = new SignedRequest();

        var signed = 0;
        void SignOnce(long now)
        {
            var input = new SigningInput { Method = "POST", Path = path, Body = body, BodyFormat = format, UnixTimeMilliseconds = now };
            if (scheme.Sign(input, credentials, output) == SignOutcome.Signed)
            {
                signed++;
            }
        }

        for (var i = 0; i < 50; i++)
        {
            SignOnce(1_700_000_000_000 + i);
        }

        const int signatures = 1000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < signatures; i++)
        {
            SignOnce(1_700_000_001_000 + i);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(50 + signatures, signed);
        Assert.Equal(0, allocated);
    }
}
