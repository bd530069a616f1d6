using System.Text;
using Sidecar.Signing;
using Sidecar.Signing.Nonces;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bitfinex;

/// <summary>The bitfinex-v2 signing step allocates nothing on the managed heap once warm (pattern of SigningAllocationTests).</summary>
[Collection(HsmCollection.Name)]
public sealed class BitfinexAllocationTests(SoftHsmToken token)
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)] // the bot sent its own timestamp/nonce values: parsed, kept, copied
    [InlineData(false, true)]
    public void Signing_allocates_zero_managed_bytes(bool sessionKeyCopies, bool botValues)
    {
        string?[] credentialHeaderValues = botValues ? ["1700000001500000", "placeholder-key", "placeholder-signature"] : [];
        Assert.True(SigningSchemes.TryGet("bitfinex-v2", out var scheme));
        var label = TestSecrets.Label("alloc-bitfinex");
        token.ImportHmac(label, Encoding.ASCII.GetBytes(TestSecrets.BinanceStyle()));
        using var hsm = token.Connect(sessionKeyCopies);
        var credentials = new VenueCredentials("api-key", hsm.ResolveSigningKey(label, scheme.Algorithm), nonces: new NonceCounter(null, leaseSpan: 10_000_000));
        var path = "/v2/auth/w/order/submit"u8.ToArray();
        var body = "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"0.002\",\"price\":\"50000\",\"cid\":1700000000123}"u8.ToArray();
        using var output = new SignedRequest();

        var signed = 0;
        void SignOnce(long now)
        {
            var input = new SigningInput { Method = "POST", Path = path, Body = body, BodyFormat = BodyFormat.Json, CredentialHeaderValues = credentialHeaderValues, UnixTimeMilliseconds = now };
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
