using BenchmarkDotNet.Attributes;
using Sidecar.Signing;
using Sidecar.Signing.WebSockets;

namespace Sidecar.Benchmarks;

/// <summary>
/// What the WebSocket frame benchmarks share: one session opened in setup, one client frame read from a captured
/// message and rebuilt into one reused output buffer, so each benchmark measures the session's own per-frame work.
/// </summary>
public abstract class WebSocketSessionBenchmark
{
    private readonly ClientFrame _frame = new();
    private readonly SignedRequest _output = new();
    private WebSocketSession _session = null!;
    private byte[] _message = [];
    private FrameClock _clock;

    /// <summary>The last problem the frame's read or rebuild reported, for a setup that failed.</summary>
    protected string? Error => _frame.Error ?? _output.Error;

    /// <summary>Whether the frame read in setup is one the session rebuilds (and signs).</summary>
    protected bool Rebuilds => _frame.Action == FrameAction.Rebuild;

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    /// <summary>The registered exchange whose WebSocket API is <typeparamref name="TAdapter"/>.</summary>
    protected static Exchange RequireExchange<TAdapter>()
        where TAdapter : WebSocketAdapter
    {
        foreach (var exchange in Exchanges.All)
        {
            if (exchange.WebSocket is TAdapter)
            {
                return exchange;
            }
        }

        throw new InvalidOperationException($"no registered exchange has {typeof(TAdapter).Name}");
    }

    /// <summary>The registered exchange <paramref name="exchangeName"/>; a benchmark without it cannot run.</summary>
    protected static Exchange RequireExchange(string exchangeName)
    {
        foreach (var exchange in Exchanges.All)
        {
            if (exchange.Name == exchangeName)
            {
                return exchange;
            }
        }

        throw new InvalidOperationException($"{exchangeName} is not registered");
    }

    /// <summary>
    /// Opens a session of <paramref name="exchange"/>'s first scheme on the sample frame its folder keeps
    /// (<see cref="WebSocketAdapter.SampleSignedFrame"/>), at the sample's clock, with <paramref name="key"/> (a key
    /// that returns a fixed signature when null).
    /// </summary>
    protected SigningScheme OpenSample(Exchange exchange, ISigningKey? key = null)
    {
        var sample = exchange.WebSocket.SampleSignedFrame
            ?? throw new InvalidOperationException($"{exchange.Name} keeps no sample WebSocket frame");
        var scheme = exchange.Schemes[0];
        var credentials = new VenueCredentials(sample.ApiKey, key ?? new FixedSignatureKey(scheme.Algorithm),
            scheme.RequiresPassphrase ? "passphrase" : null);
        scheme.Prepare(credentials);
        _session = exchange.WebSocket.Open(new WebSocketSessionContext(scheme, credentials, sample.UpstreamPath));
        _message = System.Text.Encoding.UTF8.GetBytes(sample.Text);
        _clock = new FrameClock(sample.UnixTimeMilliseconds, Restamp: false);
        return scheme;
    }

    protected bool Read() => _session.TryRead(_message, _frame);

    protected SignOutcome RewriteFrame() => _session.Rewrite(_message, _frame, _clock, _output);

    /// <summary>The whole per-frame session work: read the frame, then rebuild it.</summary>
    protected SignOutcome ReadAndRewriteFrame()
    {
        _session.TryRead(_message, _frame);
        return _session.Rewrite(_message, _frame, _clock, _output);
    }
}
