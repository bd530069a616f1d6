using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Okx;

/// <summary>
/// okx-v5's signing step — ISO timestamp, prehash, HSM sign through the low-level PKCS#11 API, base64, headers —
/// allocates nothing on the managed heap once the buffers are warm. Counted with
/// GC.GetAllocatedBytesForCurrentThread, not timed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class OkxAllocationTests(SoftHsmToken token)
{
    [Theory]
    [InlineData("GET", true, false)]
    [InlineData("GET", false, false)]
    [InlineData("POST", true, false)]
    [InlineData("POST", false, false)]
    [InlineData("GET", false, true)]
    [InlineData("POST", true, true)]
    public void Signing_allocates_zero_managed_bytes(string method, bool sessionKeyCopies, bool botHeaders)
    {
        Assert.True(SigningSchemes.TryGet("okx-v5", out var scheme));
        var label = TestSecrets.Label("alloc-okx");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        using var hsm = token.Connect(sessionKeyCopies);
        var credentials = new VenueCredentials("okx-api-key", hsm.ResolveSigningKey(label, scheme.Algorithm), "okx-passphrase");
        scheme.Prepare(credentials);
        var isGet = method == "GET";
        var path = (isGet ? "/api/v5/trade/orders-pending"u8 : "/api/v5/trade/batch-orders"u8).ToArray();
        var query = (isGet ? "instType=SPOT&instId=BTC-USDT&limit=50"u8 : ""u8).ToArray();
        var body = (isGet ? ""u8 : "[{\"instId\":\"BTC-USDT\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"tdMode\":\"cash\",\"px\":\"50000\",\"clOrdId\":\"6b9ad766b55dBCDE8874d2ecd46d839d\",\"tag\":\"6b9ad766b55dBCDE\"}]"u8).ToArray();
        var format = isGet ? BodyFormat.None : BodyFormat.Json;
        // What the bot sent in the scheme's credential headers (kept when well-formed, checked and copied per request).
        string?[] bot = botHeaders ? ["placeholder-key", "AAAA", "2026-11-22T15:03:51.007Z", "placeholder-passphrase"] : [];
        using var output = new SignedRequest();

        var signed = 0;
        void SignOnce(long now)
        {
            var input = new SigningInput { Method = method, Path = path, Query = query, Body = body, BodyFormat = format, Host = "www.okx.com", UnixTimeMilliseconds = now, CredentialHeaderValues = bot };
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
