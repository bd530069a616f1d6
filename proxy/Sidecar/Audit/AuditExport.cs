using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sidecar.Telemetry;

namespace Sidecar.Audit;

/// <summary>
/// Copies of the records for log shippers and the SIEM: JSON lines on stdout (<c>Audit:Stdout</c>) and OpenTelemetry
/// log records over OTLP (<c>Audit:Otlp</c>). The file stays the source of truth: a copy is queued (bounded by
/// <c>Audit:QueueCapacity</c>) and sent by a thread of its own, so a collector that is down or slow, or a stdout
/// nobody reads, never blocks or fails a request; a copy that finds the queue full is dropped and counted.
/// </summary>
internal sealed class AuditExport : IAsyncDisposable
{
    private readonly Channel<AuditExportItem> _queue;
    private readonly Stream? _stdout;
    private readonly AuditOtlp? _otlp;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _dropped;
    private long _exported;

    private AuditExport(AuditOptions options, Stream? stdout, AuditOtlp? otlp)
    {
        _stdout = stdout;
        _otlp = otlp;
        _queue = Channel.CreateBounded<AuditExportItem>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // Its own thread: a blocked stdout (a pipe nobody drains) blocks it, and nothing else.
        var thread = new Thread(Run) { IsBackground = true, Name = "sidecar-audit-export" };
        thread.Start();
    }

    /// <summary>Copies dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Copies handed to stdout and the OTLP exporter.</summary>
    public long Exported => Interlocked.Read(ref _exported);

    /// <summary>The export for the options; null when neither stdout nor OTLP is on.</summary>
    /// <param name="stdout">Where the JSON lines go; the process's standard output when null.</param>
    /// <param name="telemetryOtlp"><c>Telemetry:Otlp</c>, for <c>Audit:Otlp</c> = <c>telemetry</c>.</param>
    public static AuditExport? Create(AuditOptions options, ILogger logger, Stream? stdout = null, string? telemetryOtlp = null)
    {
        var endpoint = options.OtlpEndpoint(telemetryOtlp);
        if (!options.Stdout && endpoint is not { Length: > 0 })
        {
            return null;
        }

        var otlp = endpoint is { Length: > 0 } ? new AuditOtlp(endpoint, options.OtlpProtocol, logger) : null;
        return new AuditExport(options, options.Stdout ? stdout ?? Console.OpenStandardOutput() : null, otlp);
    }

    /// <summary>Queues a copy of one line (without its newline). Never blocks.</summary>
    public void Add(ReadOnlySpan<byte> line, long sequence, string decision, string? venue)
    {
        if (!_queue.Writer.TryWrite(new AuditExportItem(Encoding.UTF8.GetString(line), sequence, decision, venue)))
        {
            Interlocked.Increment(ref _dropped);
            SidecarTelemetry.AuditFailures.Add(1, new TagList { { "reason", "otlp" } });
        }
    }

    private void Run()
    {
        try
        {
            var reader = _queue.Reader;
            while (WaitToRead(reader))
            {
                while (reader.TryRead(out var item))
                {
                    if (_stdout is not null)
                    {
                        WriteLine(_stdout, item.Line);
                    }

                    _otlp?.Emit(item);
                    Interlocked.Increment(ref _exported);
                }

                _stdout?.Flush();
            }
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    private static void WriteLine(Stream stdout, string line)
    {
        // One write per line: a line shorter than PIPE_BUF (4096 bytes) never interleaves with the console log's lines.
        var bytes = new byte[Encoding.UTF8.GetByteCount(line) + 1];
        Encoding.UTF8.GetBytes(line, bytes);
        bytes[^1] = (byte)'\n';
        try
        {
            stdout.Write(bytes);
        }
        catch (IOException)
        {
            // stdout closed: the copies are lost, the file has them.
        }
    }

    private static bool WaitToRead(ChannelReader<AuditExportItem> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Sends what is queued (a few seconds at most), then flushes and stops the OTLP exporter.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _done.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _otlp?.Dispose();
    }
}

/// <summary>One exported copy: the record's line and what the OTLP attributes name.</summary>
internal readonly record struct AuditExportItem(string Line, long Sequence, string Decision, string? Venue);
