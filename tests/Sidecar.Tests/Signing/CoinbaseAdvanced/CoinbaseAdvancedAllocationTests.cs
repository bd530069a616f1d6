using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.CoinbaseAdvanced;

/// <summary>coinbase-advanced (JWT header and claims, random nonce, ECDSA P-256 in the HSM, base64url) allocates nothing once warm.</summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseAdvancedAllocationTests(SoftHsmToken token)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Signing_allocates_zero_managed_bytes(bool sessionKeyCopies)
    {
        Assert.True(SigningSchemes.TryGet("coinbase-advanced", out var scheme));
        var label = TestSecrets.Label("alloc-cba");
        token.GenerateKeyPair(label, KeyType.EcP256);
        using var hsm = token.Connect(sessionKeyCopies);
        var credentials = new VenueCredentials(
            "organizations/9e5b2a41-1c2d-4e6f-8a9b-0c1d2e3f4a5b/apiKeys/7f8e9d0c-1b2a-3c4d-5e6f-7a8b9c0d1e2f",
            hsm.ResolveSigningKey(label, scheme.Algorithm));
        scheme.Prepare(credentials);
        var path = "/api/v3/brokerage/orders"u8.ToArray();
        var body = "{\"client_order_id\":\"ccxt-1\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\",\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.002\",\"limit_price\":\"50000\",\"post_only\":false}}}"u8.ToArray();
        using var output = new SignedRequest();

        var signed = 0;
        void SignOnce(long now)
        {
            var input = new SigningInput { Method = "POST", Path = path, Body = body, BodyFormat = BodyFormat.Json, Host = "api.coinbase.com", UnixTimeMilliseconds = now };
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
