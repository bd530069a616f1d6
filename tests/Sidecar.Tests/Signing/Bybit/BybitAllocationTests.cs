using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bybit;

/// <summary>
/// bybit-v5's signing step — prehash, HSM sign through the low-level PKCS#11 API, hex, headers — allocates nothing on
/// the managed heap once the buffers are warm. Counted with GC.GetAllocatedBytesForCurrentThread, not timed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BybitAllocationTests(SoftHsmToken token)
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
        Assert.True(SigningSchemes.TryGet("bybit-v5", out var scheme));
        var label = TestSecrets.Label("alloc-bybit");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        using var hsm = token.Connect(sessionKeyCopies);
        var credentials = new VenueCredentials("bybit-api-key", hsm.ResolveSigningKey(label, scheme.Algorithm));
        var isGet = method == "GET";
        var path = (isGet ? "/v5/order/realtime"u8 : "/v5/order/create"u8).ToArray();
        var query = (isGet ? "category=spot&symbol=BTCUSDT&openOnly=0&limit=50"u8 : ""u8).ToArray();
        var body = (isGet ? ""u8 : "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\",\"orderLinkId\":\"x-abc123\"}"u8).ToArray();
        var format = isGet ? BodyFormat.None : BodyFormat.Json;
        // What the bot sent in the scheme's credential headers (kept when well-formed, checked and copied per request).
        string?[] bot = botHeaders ? ["placeholder-key", "1700000000999", "20000", "0000", "2"] : [];
        using var output = new SignedRequest();

        var signed = 0;
        void SignOnce(long now)
        {
            var input = new SigningInput { Method = method, Path = path, Query = query, Body = body, BodyFormat = format, Host = "api.bybit.com", UnixTimeMilliseconds = now, CredentialHeaderValues = bot };
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
