using System.Text;
using BenchmarkDotNet.Attributes;
using Sidecar.Signing;
using Sidecar.Signing.WebSockets;

namespace Sidecar.Benchmarks;

/// <summary>
/// The frame signer: reading a Binance WebSocket API <c>order.place</c> frame (ccxt's own, captured) and rebuilding it
/// with the real key, signed — with a key that returns a fixed signature (the session's own work and allocations) and
/// with the SoftHSM2 session-object key (what a relayed order costs). Target: 0 B per frame beyond its output buffer.
/// </summary>
[MemoryDiagnoser]
public class WebSocketFrameBenchmarks : WebSocketSessionBenchmark
{
    // ccxt 4.5.84's createOrderWs frame (websocket-venues.md §2.1), with a fresh timestamp written in at setup.
    private const string Frame = """{"id":"1","method":"order.place","params":{"apiKey":"placeholder-key","newClientOrderId":"x-TKT5PX2F1234","newOrderRespType":"FULL","price":"50000","quantity":"0.001","recvWindow":10000,"returnRateLimits":false,"side":"BUY","symbol":"BTCUSDT","timeInForce":"GTC","timestamp":TS,"type":"LIMIT","signature":"05c4d1cd"}}""";

    [Params("fixed", "softhsm2")]
    public string Key { get; set; } = "fixed";

    [GlobalSetup]
    public void Setup()
    {
        var scheme = RequireScheme(Signing.Binance.BinanceHmacScheme.SchemeName);
        ISigningKey key = Key == "fixed" ? new FixedSignatureKey(scheme.Algorithm) : BenchHsm.Shared.SessionObjectKey;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Open(
            new WebSocketSessionContext(scheme, new VenueCredentials("api-key-id", key), "/ws-api/v3"),
            Encoding.UTF8.GetBytes(Frame.Replace("TS", now.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)),
            new FrameClock(now + 10, Restamp: false));
        if (RebuildOrderFrame() != SignOutcome.Signed)
        {
            throw new InvalidOperationException("the benchmark frame was not signed");
        }
    }

    [Benchmark]
    public SignOutcome RebuildOrderFrame() => ReadAndRewriteFrame();
}
