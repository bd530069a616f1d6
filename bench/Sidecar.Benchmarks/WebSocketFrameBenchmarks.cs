using BenchmarkDotNet.Attributes;
using Sidecar.Signing;
using Sidecar.Signing.Binance;
using Sidecar.Signing.WebSockets;

namespace Sidecar.Benchmarks;

/// <summary>
/// The frame signer: reading a Binance WebSocket API <c>order.place</c> frame (ccxt's own, captured: its folder's
/// <see cref="WebSocketAdapter.SampleSignedFrame"/>) and rebuilding it
/// with the real key, signed — with a key that returns a fixed signature (the session's own work and allocations) and
/// with the SoftHSM2 session-object key (what a relayed order costs). Target: 0 B per frame beyond its output buffer.
/// </summary>
[MemoryDiagnoser]
public class WebSocketFrameBenchmarks : WebSocketSessionBenchmark
{
    [Params("fixed", "softhsm2")]
    public string Key { get; set; } = "fixed";

    [GlobalSetup]
    public void Setup()
    {
        var exchange = RequireExchange<BinanceWebSocket>();
        OpenSample(exchange, Key == "fixed" ? null : BenchHsm.Shared.SessionObjectKey);
        if (RebuildOrderFrame() != SignOutcome.Signed)
        {
            throw new InvalidOperationException("the benchmark frame was not signed");
        }
    }

    [Benchmark]
    public SignOutcome RebuildOrderFrame() => ReadAndRewriteFrame();
}
