using BenchmarkDotNet.Attributes;
using Sidecar.Signing;
using Sidecar.Signing.CoinbaseAdvanced;
using Sidecar.Signing.CoinbaseExchange;
using Sidecar.Signing.WebSockets;

namespace Sidecar.Benchmarks;

/// <summary>
/// The relay's per-frame work on a per-message venue: one Coinbase subscribe, as ccxt 4.5.84's watchOrders sends it
/// with placeholder credentials (each feed's folder's <see cref="WebSocketAdapter.SampleSignedFrame"/>), read (<see cref="WebSocketSession.TryRead"/>) and rebuilt with the venue's
/// credentials (<see cref="WebSocketSession.Rewrite"/>) — Advanced Trade's JWT header and claims, Exchange's
/// timestamp + GET + /users/self/verify — with a key that returns a fixed signature
/// (<see cref="FixedSignatureKey"/>), so the numbers are the session's own work and its
/// allocations. The HSM's share (one ECDSA P-256 or one HMAC per frame) is measured by <see cref="SigningBenchmarks"/>
/// and <see cref="RawPkcs11Benchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class CoinbaseWebSocketBenchmarks : WebSocketSessionBenchmark
{
    /// <summary>The two Coinbase feeds, by their registered names.</summary>
    public static IEnumerable<string> Feeds =>
        [RequireExchange<CoinbaseAdvancedWebSocket>().Name, RequireExchange<CoinbaseExchangeWebSocket>().Name];

    [ParamsSource(nameof(Feeds))]
    public string Exchange { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        OpenSample(RequireExchange(Exchange));
        if (!Read() || !Rebuilds || Rewrite() != SignOutcome.Signed)
        {
            throw new InvalidOperationException($"{Exchange}: the benchmark frame was not rebuilt and signed ({Error})");
        }
    }

    /// <summary>Rebuilding the frame read in setup: what the relay does once the policy allowed it.</summary>
    [Benchmark]
    public SignOutcome Rewrite() => RewriteFrame();

    /// <summary>The whole per-frame session work: read the frame, then rebuild it.</summary>
    [Benchmark]
    public SignOutcome ReadAndRewrite() => ReadAndRewriteFrame();
}
