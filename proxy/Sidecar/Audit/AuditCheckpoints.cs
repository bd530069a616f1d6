using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Sidecar.Logging;
using Sidecar.Signing;
using Sidecar.Telemetry;

namespace Sidecar.Audit;

/// <summary>
/// Signs the chain's head every <c>Audit:CheckpointIntervalSeconds</c> (when records were added since the last
/// checkpoint), at once after a rotation, and at shutdown. Each checkpoint is written twice: as a record of the log
/// (so a shipped file carries its own), and, once the log is flushed to disk, as a line of
/// <c>{Path}.checkpoints</c> beside it (so cutting the log's tail leaves a checkpoint pointing past its end). The
/// HSM is never called under the log's lock: a checkpoint covers the head as it was when it was taken, and the
/// records written while it was being signed are covered by the next one.
/// </summary>
internal sealed partial class AuditCheckpoints : IAsyncDisposable
{
    private readonly AuditLog _log;
    private readonly CheckpointSigner _signer;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private long _covered;
    private bool _stopped;
    private volatile string? _failure;

    public AuditCheckpoints(AuditLog log, CheckpointSigner signer, AuditOptions options, ILogger logger, TimeProvider clock)
    {
        _log = log;
        _signer = signer;
        _path = FileOf(options.Path!);
        _logger = logger;
        var interval = TimeSpan.FromSeconds(options.CheckpointIntervalSeconds);
        _timer = clock.CreateTimer(static state => ((AuditCheckpoints)state!).TryCheckpoint(), this, interval, interval);
    }

    /// <summary>The last checkpoint written; null before the first.</summary>
    public Checkpoint? Last { get; private set; }

    /// <summary>Null while checkpoints are being made; otherwise why the last one failed.</summary>
    public string? Failure => _failure;

    /// <summary>The audit key's label.</summary>
    public string Key => _signer.Label;

    /// <summary>The file the checkpoints are kept in beside the log: <c>audit.log.checkpoints</c>.</summary>
    public static string FileOf(string logPath) => logPath + ".checkpoints";

    /// <summary>A checkpoint as soon as a thread-pool thread is free (after a rotation).</summary>
    public void RequestSoon() => ThreadPool.UnsafeQueueUserWorkItem(static state => state.TryCheckpoint(), this, preferLocal: false);

    /// <summary>Signs and writes a checkpoint of the head, unless nothing was added since the last one. False when it failed.</summary>
    public bool TryCheckpoint()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }

            var (sequence, hash) = _log.Head();
            if (sequence == 0 || sequence == _covered)
            {
                return true;
            }

            Checkpoint checkpoint;
            try
            {
                checkpoint = _signer.Sign(sequence, hash);
            }
            catch (SigningKeyUnavailableException ex)
            {
                return Fail($"the HSM could not sign with the audit key '{_signer.Label}': {ex.Message}");
            }

            var at = _log.Append(checkpoint.Time, checkpoint);
            if (at == 0)
            {
                return Fail("the checkpoint could not be written to the audit log");
            }

            // The log first, on disk: a checkpoint kept beside it must never point past what a power loss can leave.
            if (!_log.SyncNowForCheckpoint())
            {
                return Fail("the audit log could not be flushed to disk");
            }

            try
            {
                AppendLine(checkpoint.ToJsonLine());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail($"cannot write '{_path}': {ex.Message}");
            }

            _covered = at;
            Last = checkpoint;
            if (_failure is not null)
            {
                _failure = null;
                Log.Recovered(_logger, _signer.Label);
            }

            return true;
        }
    }

    /// <summary>The last checkpoint (shutdown), then no more.</summary>
    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        TryCheckpoint();
        lock (_gate)
        {
            _stopped = true;
        }
    }

    private void AppendLine(string line)
    {
        using var file = File.OpenHandle(_path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        RandomAccess.Write(file, Encoding.UTF8.GetBytes(line + "\n"), RandomAccess.GetLength(file));
        RandomAccess.FlushToDisk(file);
    }

    private bool Fail(string reason)
    {
        if (_failure is null)
        {
            Log.Failed(_logger, reason);
        }

        _failure = reason;
        SidecarTelemetry.AuditFailures.Add(1, new TagList { { "reason", "checkpoint" } });
        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.AuditCheckpointFailed, LogLevel.Error, "Audit checkpoint failed: {Reason}. Records are still written; the next checkpoint will cover them.")]
        public static partial void Failed(ILogger logger, string reason);

        [LoggerMessage(EventIds.AuditCheckpointRecovered, LogLevel.Warning, "Audit checkpoints signed with key {Key} again")]
        public static partial void Recovered(ILogger logger, string key);
    }
}
