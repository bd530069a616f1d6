using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Sidecar.Signing;
using Sidecar.Signing.WebSockets;

namespace Sidecar.Benchmarks;

/// <summary>
/// A login-frame venue's cost per connection (#19): Bybit v5's <c>auth</c> frame as ccxt 4.5.84 sends it with
/// placeholder credentials, read and rebuilt with the real key, <c>expires</c> and an HMAC-SHA256 over
/// <c>GET/realtime{expires}</c> — with a key that returns a fixed signature (the session's own work and allocations)
/// and with the SoftHSM2 session-object key (what a connection's login costs). After the login, Bybit's private stream
/// and order frames carry no signature: the relay forwards them as they came, at the hop's cost (--ws-relay, the
/// "forwarded as is" row).
/// </summary>
[MemoryDiagnoser]
public class BybitWebSocketBenchmarks : WebSocketSessionBenchmark
{
    private const string AuthFrame = """{"op":"auth","args":["placeholder-key","EXPIRES","408f1c0ffee7560"]}""";

    [Params("fixed", "softhsm2")]
    public string Key { get; set; } = "fixed";

    [GlobalSetup]
    public void Setup()
    {
        var scheme = RequireScheme("bybit-v5");
        ISigningKey key = Key == "fixed" ? new FixedSignatureKey(scheme.Algorithm) : BenchHsm.Shared.SessionObjectKey;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Open(
            new WebSocketSessionContext(scheme, new VenueCredentials("api-key-id", key), "/v5/private"),
            Encoding.UTF8.GetBytes(AuthFrame.Replace("EXPIRES", (now + 10_000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)),
            new FrameClock(now, Restamp: false));
        if (RebuildLoginFrame() != SignOutcome.Signed)
        {
            throw new InvalidOperationException("the benchmark login frame was not signed: " + Error);
        }
    }

    [Benchmark]
    public SignOutcome RebuildLoginFrame() => ReadAndRewriteFrame();
}
