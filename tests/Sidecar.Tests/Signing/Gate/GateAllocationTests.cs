using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Gate;

/// <summary>The gate-v4 signing step allocates nothing on the managed heap once warm (pattern of SigningAllocationTests).</summary>
[Collection(HsmCollection.Name)]
public sealed class GateAllocationTests(SoftHsmToken token)
{
    [Theory]
    [InlineData("POST", "", "{\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"side\":\"buy\",\"amount\":\"0.002\",\"price\":\"50000\"}", true, false)]
    [InlineData("GET", "currency_pair=BTC_USDT&status=open&text=t-a%2Fb", "", false, false)]
    [InlineData("POST", "", "{\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"side\":\"buy\",\"amount\":\"0.002\",\"price\":\"50000\"}", true, true)]
    [InlineData("GET", "currency_pair=BTC_USDT&status=open&text=t-a%2Fb", "", false, true)]
    public void Signing_allocates_zero_managed_bytes(string method, string queryText, string bodyText, bool sessionKeyCopies, bool botHeaders)
    {
        Assert.True(SigningSchemes.TryGet("gate-v4", out var scheme));
        var label = TestSecrets.Label("alloc-gate");
        token.ImportHmac(label, Encoding.ASCII.GetBytes(TestSecrets.BinanceStyle()));
        using var hsm = token.Connect(sessionKeyCopies);
        var credentials = new VenueCredentials("api-key", hsm.ResolveSigningKey(label, scheme.Algorithm));
        var path = "/api/v4/spot/orders"u8.ToArray();
        var query = Encoding.ASCII.GetBytes(queryText);
        var body = Encoding.ASCII.GetBytes(bodyText);
        var format = body.Length > 0 ? BodyFormat.Json : BodyFormat.None;
        // What the bot sent in the scheme's credential headers (a kept timestamp is checked and copied per request).
        string?[] bot = botHeaders ? ["placeholder-key", "1700000042.123456", new string('0', 128)] : [];
        using var output = new SignedRequest();

        var signed = 0;
        void SignOnce(long now)
        {
            var input = new SigningInput { Method = method, Path = path, Query = query, Body = body, BodyFormat = format, UnixTimeMilliseconds = now, CredentialHeaderValues = bot };
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
