using System.Text;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Kucoin;

/// <summary>
/// kucoin's signing step — prehash (percent-decoding the query), HSM sign through the low-level PKCS#11 API,
/// base64, headers — allocates nothing on the managed heap once the buffers are warm (the signed passphrase is
/// computed once, in Prepare, outside the measurement). Counted with GC.GetAllocatedBytesForCurrentThread, not timed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KucoinAllocationTests(SoftHsmToken token)
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
        Assert.True(SigningSchemes.TryGet("kucoin", out var scheme));
        var label = TestSecrets.Label("alloc-kucoin");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        using var hsm = token.Connect(sessionKeyCopies);
        var credentials = new VenueCredentials("kucoin-api-key", hsm.ResolveSigningKey(label, scheme.Algorithm), "kucoin-passphrase");
        scheme.Prepare(credentials);
        var isGet = method == "GET";
        var path = (isGet ? "/api/v1/orders"u8 : "/api/v1/orders"u8).ToArray();
        var query = (isGet ? "status=active&symbol=BTC-USDT&tradeType=TRADE&clientOid=a%2Bb+c"u8 : ""u8).ToArray();
        var body = (isGet ? ""u8 : "{\"clientOid\":\"fe041e61-435c-4728-8815-8f94d49f1d12\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}"u8).ToArray();
        var format = isGet ? BodyFormat.None : BodyFormat.Json;
        // What the bot sent in the scheme's credential headers (kept when well-formed, checked and copied per request).
        string?[] bot = botHeaders ? ["placeholder-key", "AAAA", "1700000000999", "placeholder-passphrase", "3", "ccxt", "BBBB", "true", "ccxt"] : [];
        using var output = new SignedRequest();

        var signed = 0;
        void SignOnce(long now)
        {
            var input = new SigningInput { Method = method, Path = path, Query = query, Body = body, BodyFormat = format, Host = "api.kucoin.com", UnixTimeMilliseconds = now, CredentialHeaderValues = bot };
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
