using BenchmarkDotNet.Attributes;
using Sidecar.Signing;
using Sidecar.Signing.Bybit;
using Sidecar.Signing.WebSockets;

namespace Sidecar.Benchmarks;

/// <summary>
/// A login-frame venue's cost per connection (#19): Bybit v5's <c>auth</c> frame as ccxt 4.5.84 sends it with
/// placeholder credentials (its folder's <see cref="WebSocketAdapter.SampleSignedFrame"/>), read and rebuilt with the real key, <c>expires</c> and an HMAC-SHA256 over
/// <c>GET/realtime{expires}</c> — with a key that returns a fixed signature (the session's own work and allocations)
/// and with the SoftHSM2 session-object key (what a connection's login costs). After the login, Bybit's private stream
/// and order frames carry no signature: the relay forwards them as they came, at the hop's cost (--ws-relay, the
/// "forwarded as is" row).
/// </summary>
[MemoryDiagnoser]
public class BybitWebSocketBenchmarks : WebSocketSessionBenchmark
{
    [Params("fixed", "softhsm2")]
    public string Key { get; set; } = "fixed";

    [GlobalSetup]
    public void Setup()
    {
        OpenSample(RequireExchange<BybitWebSocket>(), Key == "fixed" ? null : BenchHsm.Shared.SessionObjectKey);
        if (RebuildLoginFrame() != SignOutcome.Signed)
        {
            throw new InvalidOperationException("the benchmark login frame was not signed: " + Error);
        }
    }

    [Benchmark]
    public SignOutcome RebuildLoginFrame() => ReadAndRewriteFrame();
}
