using System.Security.Cryptography;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bitmex;

/// <summary>bitmex signing (prehash, HSM HMAC, hex, headers) allocates nothing once warm.</summary>
[Collection(HsmCollection.Name)]
public sealed class BitmexAllocationTests(SoftHsmToken token)
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)] // the bot sent its own timestamp/nonce values: parsed, kept, copied
    [InlineData(false, true)]
    public void Signing_allocates_zero_managed_bytes(bool sessionKeyCopies, bool botValues)
    {
        string?[] credentialHeaderValues = botValues ? ["1700000030", "placeholder-key", "placeholder-signature", "12345"] : [];
        Assert.True(SigningSchemes.TryGet("bitmex", out var scheme));
        var label = TestSecrets.Label("alloc-bitmex");
        token.ImportHmac(label, RandomNumberGenerator.GetBytes(64));
        using var hsm = token.Connect(sessionKeyCopies);
        var credentials = new VenueCredentials("api-key", hsm.ResolveSigningKey(label, scheme.Algorithm));
        scheme.Prepare(credentials);
        var path = "/api/v1/order"u8.ToArray();
        var body = "{\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"orderQty\":100,\"price\":50000,\"ordType\":\"Limit\",\"clOrdID\":\"bot-1\"}"u8.ToArray();
        using var output = new SignedRequest();

        var signed = 0;
        void SignOnce(long now)
        {
            var input = new SigningInput { Method = "POST", Path = path, Body = body, BodyFormat = BodyFormat.Json, Host = "www.bitmex.com", CredentialHeaderValues = credentialHeaderValues, UnixTimeMilliseconds = now };
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
