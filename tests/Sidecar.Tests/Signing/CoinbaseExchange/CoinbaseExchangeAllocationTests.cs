using System.Security.Cryptography;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.CoinbaseExchange;

/// <summary>coinbase-exchange signing (prehash, HSM HMAC, base64, headers) allocates nothing once warm.</summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseExchangeAllocationTests(SoftHsmToken token)
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)] // the bot sent its own timestamp/nonce values: parsed, kept, copied
    [InlineData(false, true)]
    public void Signing_allocates_zero_managed_bytes(bool sessionKeyCopies, bool botValues)
    {
        string?[] credentialHeaderValues = botValues ? ["placeholder-key", "placeholder-sign", "1700000001.250", "placeholder-passphrase"] : [];
        Assert.True(SigningSchemes.TryGet("coinbase-exchange", out var scheme));
        var label = TestSecrets.Label("alloc-cbx");
        token.ImportHmac(label, RandomNumberGenerator.GetBytes(64));
        using var hsm = token.Connect(sessionKeyCopies);
        var credentials = new VenueCredentials("api-key", hsm.ResolveSigningKey(label, scheme.Algorithm), "passphrase");
        scheme.Prepare(credentials);
        var path = "/orders"u8.ToArray();
        var body = "{\"type\":\"limit\",\"side\":\"buy\",\"product_id\":\"BTC-USD\",\"price\":\"50000.00\",\"size\":\"0.00200000\"}"u8.ToArray();
        using var output = new SignedRequest();

        var signed = 0;
        void SignOnce(long now)
        {
            var input = new SigningInput { Method = "POST", Path = path, Body = body, BodyFormat = BodyFormat.Json, Host = "api.exchange.coinbase.com", CredentialHeaderValues = credentialHeaderValues, UnixTimeMilliseconds = now };
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
