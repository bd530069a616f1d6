using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing;

/// <summary>
/// The signing step — prehash, HSM sign through the low-level PKCS#11 API, encoding — allocates nothing on the
/// managed heap. Counted deterministically with GC.GetAllocatedBytesForCurrentThread, not timed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class SigningAllocationTests(SoftHsmToken token)
{
    [Theory]
    [InlineData("binance-hmac", true)]
    [InlineData("binance-hmac", false)]
    [InlineData("binance-ed25519", true)]
    public void Signing_allocates_zero_managed_bytes(string schemeName, bool sessionKeyCopies)
    {
        Assert.True(SigningSchemes.TryGet(schemeName, out var scheme));
        var label = TestSecrets.Label("alloc");
        if (scheme.Algorithm == SignatureAlgorithm.Ed25519)
        {
            token.GenerateKeyPair(label, Sidecar.Pkcs11.KeyType.Ed25519);
        }
        else
        {
            token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        }

        using var hsm = token.Connect(sessionKeyCopies);
        var credentials = new VenueCredentials("api-key", hsm.ResolveSigningKey(label, scheme.Algorithm));
        var path = "/api/v3/order"u8.ToArray();
        var body = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=65000.5&newClientOrderId=x-abc123&recvWindow=5000"u8.ToArray();
        using var output = new SignedRequest();

        var signed = 0;
        void SignOnce(long now)
        {
            var input = new SigningInput { Method = "POST", Path = path, Body = body, BodyFormat = BodyFormat.Form, UnixTimeMilliseconds = now };
            if (scheme.Sign(input, credentials, output) == SignOutcome.Signed)
            {
                signed++;
            }
        }

        for (var i = 0; i < 50; i++)
        {
            SignOnce(1_700_000_000_000 + i); // warm up: buffers grow to their working size, JIT tiers settle
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
