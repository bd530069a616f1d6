using System.Text;
using BenchmarkDotNet.Attributes;
using Sidecar.Signing;
using Sidecar.Signing.WebSockets;

namespace Sidecar.Benchmarks;

/// <summary>
/// The relay's per-frame work on a per-message venue: one Coinbase subscribe, as ccxt 4.5.84's watchOrders sends it
/// with placeholder credentials, read (<see cref="WebSocketSession.TryRead"/>) and rebuilt with the venue's
/// credentials (<see cref="WebSocketSession.Rewrite"/>) — Advanced Trade's JWT header and claims, Exchange's
/// timestamp + GET + /users/self/verify — with a key that returns a fixed signature
/// (<see cref="FixedSignatureKey"/>), so the numbers are the session's own work and its
/// allocations. The HSM's share (one ECDSA P-256 or one HMAC per frame) is measured by <see cref="SigningBenchmarks"/>
/// and <see cref="RawPkcs11Benchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class CoinbaseWebSocketBenchmarks : WebSocketSessionBenchmark
{
    // websocket-venues.md §2.6 and §2.7 (the Advanced JWT shortened: it is dropped unread).
    private const string AdvancedFrame = """{"type":"subscribe","product_ids":["BTC-USD"],"channel":"user","jwt":"eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Im9yZ2FuaXphdGlvbnMvcGxhY2Vob2xkZXItb3JnL2FwaUtleXMvcGxhY2Vob2xkZXIta2V5Iiwibm9uY2UiOiJi.eyJhdWQiOlsicmV0YWlsX3Jlc3RfYXBpX3Byb3h5Il19.c2ln"}""";
    private const string ExchangeFrame = """{"type":"subscribe","product_ids":["BTC-USD"],"channels":["user"],"timestamp":1796662096,"key":"placeholder-key","signature":"pWGwyFLQ=","passphrase":"placeholder-passphrase"}""";

    [Params("coinbase-advanced", "coinbase-exchange")]
    public string Scheme { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var scheme = RequireScheme(Scheme);
        var credentials = new VenueCredentials(
            Scheme == "coinbase-advanced" ? "organizations/9e5b2a41-1c2d-4e6f-8a9b-0c1d2e3f4a5b/apiKeys/7f8e9d0c-1b2a-3c4d-5e6f-7a8b9c0d1e2f" : "6f1c8a7e2b3d4c5f8a9b0c1d2e3f4a5b",
            new FixedSignatureKey(scheme.Algorithm),
            scheme.RequiresPassphrase ? "passphrase" : null);
        scheme.Prepare(credentials);

        // The bot's timestamp is inside Coinbase Exchange's window: the common case, kept as sent.
        Open(
            new WebSocketSessionContext(scheme, credentials, "/"),
            Encoding.UTF8.GetBytes(Scheme == "coinbase-advanced" ? AdvancedFrame : ExchangeFrame),
            new FrameClock(1_796_662_096_500, Restamp: false));
        if (!Read() || !Rebuilds || Rewrite() != SignOutcome.Signed)
        {
            throw new InvalidOperationException($"{Scheme}: the benchmark frame was not rebuilt and signed ({Error})");
        }
    }

    /// <summary>Rebuilding the frame read in setup: what the relay does once the policy allowed it.</summary>
    [Benchmark]
    public SignOutcome Rewrite() => RewriteFrame();

    /// <summary>The whole per-frame session work: read the frame, then rebuild it.</summary>
    [Benchmark]
    public SignOutcome ReadAndRewrite() => ReadAndRewriteFrame();
}
