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

    /// <summary>The registered scheme <paramref name="name"/>; a benchmark without it cannot run.</summary>
    protected static SigningScheme RequireScheme(string name) =>
        SigningSchemes.TryGet(name, out var scheme) ? scheme : throw new InvalidOperationException($"{name} is not registered");

    protected void Open(WebSocketSessionContext context, byte[] message, FrameClock clock)
    {
        _session = context.Scheme.Exchange.WebSocket.Open(context);
        _message = message;
        _clock = clock;
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
