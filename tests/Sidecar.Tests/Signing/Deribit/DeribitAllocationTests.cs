using System.Security.Cryptography;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Deribit;

/// <summary>deribit signing (prehash, random nonce, HSM HMAC, hex, Authorization header) allocates nothing once warm.</summary>
[Collection(HsmCollection.Name)]
public sealed class DeribitAllocationTests(SoftHsmToken token)
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)] // the bot sent its own timestamp/nonce values: parsed, kept, copied
    [InlineData(false, true)]
    public void Signing_allocates_zero_managed_bytes(bool sessionKeyCopies, bool botValues)
    {
        string?[] credentialHeaderValues = botValues ? ["deri-hmac-sha256 id=placeholder,ts=1700000000456,sig=00ff,nonce=abc-123"] : [];
        Assert.True(SigningSchemes.TryGet("deribit", out var scheme));
        var label = TestSecrets.Label("alloc-deribit");
        token.ImportHmac(label, RandomNumberGenerator.GetBytes(64));
        using var hsm = token.Connect(sessionKeyCopies);
        var credentials = new VenueCredentials("api-key", hsm.ResolveSigningKey(label, scheme.Algorithm));
        scheme.Prepare(credentials);
        var path = "/api/v2/private/buy"u8.ToArray();
        var query = "amount=10&instrument_name=BTC-PERPETUAL&type=limit&price=50000"u8.ToArray();
        using var output = new SignedRequest();

        var signed = 0;
        void SignOnce(long now)
        {
            var input = new SigningInput { Method = "GET", Path = path, Query = query, Host = "www.deribit.com", CredentialHeaderValues = credentialHeaderValues, UnixTimeMilliseconds = now };
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
