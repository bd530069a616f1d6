using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Sidecar.Logging;
using Sidecar.Telemetry;

namespace Sidecar.Audit;

/// <summary>
/// The audit log: one JSON line per record, hash-chained (each line carries the SHA-256 of the line before it and a
/// sequence number), written ahead: <see cref="Append"/> returns once <c>write(2)</c> has handed the line to the
/// kernel, so a request's intent record is in the file before its signed bytes leave Sidecar, and a crash of the
/// process (kill -9, OOM) cannot lose it. The disk flush (fsync) runs on a thread of its own, at most
/// <c>Audit:CommitDelayMs</c> after a write (group commit): what a power loss can lose is bounded by that interval.
/// <para>
/// One lock orders the lines: under it the chain's fields are added to a body serialized outside it, the line is
/// hashed and written at the file's end. A write that fails (a full disk, a revoked permission) is cut back off the
/// file, the chain does not advance, and the log reports the failure; with FailClosed, signing is refused until the
/// flusher's thread, trying every <see cref="RetryDelay"/>, writes the record of the gap (<c>recovered</c>: since
/// when, how many records were lost). Signed checkpoints
/// (<see cref="AuditCheckpoints"/>) and the exported copies (<see cref="AuditExport"/>) hang off the same log.
/// </para>
/// </summary>
internal sealed partial class AuditLog : IAsyncDisposable
{
    /// <summary>How often a log that cannot be written is tried again.</summary>
    internal static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly AuditOptions _options;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();

    // Guarded by _lock: the chain's head, the open file and its length, the line buffer.
    private readonly byte[] _head = new byte[32];
    private long _sequence;
    private byte[] _line = new byte[2048];
    private SafeFileHandle? _file;
    private long _fileLength;
    private bool _closed;

    private volatile string? _writeFailure;
    private DateTimeOffset _failedSince;
    private long _lost;

    private AuditLog(AuditOptions options, ILogger logger, TimeProvider clock, AuditExport? export)
    {
        _options = options;
        _path = options.Path!;
        _logger = logger;
        _clock = clock;
        Export = export;
        _sleep = new ClockSleep(clock);

        // A thread of its own, not the thread pool's: it blocks in fsync, and a pool thread stuck there would delay
        // the requests' own continuations (bench/RESULTS.md: +140 µs p50 at one connection when it did).
        var thread = new Thread(SyncLoop) { IsBackground = true, Name = "sidecar-audit-sync" };
        thread.Start();
        AuditAvailability.Add(this);
    }

    /// <summary>Null when records are being written and flushed; otherwise why not.</summary>
    public string? Failure => _writeFailure ?? _syncFailure;

    public bool FailClosed => _options.FailClosed;

    /// <summary>The last sequence number written (0 for an empty log).</summary>
    public long Sequence
    {
        get
        {
            lock (_lock)
            {
                return _sequence;
            }
        }
    }

    /// <summary>Records written but not yet flushed to disk: what a power loss now could lose.</summary>
    public long Unsynced => Math.Max(0, Sequence - Interlocked.Read(ref _syncedSequence));

    /// <summary>The checkpoints made of this log; null without <c>Audit:CheckpointKey</c>.</summary>
    public AuditCheckpoints? Checkpoints { get; private set; }

    /// <summary>The copies sent to stdout and OTLP; null when neither is on.</summary>
    public AuditExport? Export { get; }

    /// <summary>Whether a new signature may be made: the log is writing and flushing.</summary>
    public bool CanRecord => _writeFailure is null && _syncFailure is null;

    /// <summary>Opens (or continues) the log: the chain resumes from the last complete line; a torn last line (a crash mid-write) is cut.</summary>
    /// <param name="clock">Times the flush interval, the retry and the checkpoints; the system's when null.</param>
    /// <param name="checkpointSigner">Signs checkpoints of the chain's head; null: no checkpoints.</param>
    /// <param name="telemetryOtlp"><c>Telemetry:Otlp</c>, the collector <c>Audit:Otlp</c> = <c>telemetry</c> names.</param>
    public static AuditLog Open(AuditOptions options, ILogger logger, TimeProvider? clock = null, CheckpointSigner? checkpointSigner = null, string? telemetryOtlp = null)
    {
        clock ??= TimeProvider.System;
        var (head, sequence, torn) = AuditTail.Resume(options.Path!);
        if (torn > 0)
        {
            Log.TornLineCut(logger, options.Path!, torn);
        }

        var log = new AuditLog(options, logger, clock, AuditExport.Create(options, logger, telemetryOtlp: telemetryOtlp));
        lock (log._lock)
        {
            head.CopyTo(log._head, 0);
            log._sequence = sequence;
            log._syncedSequence = sequence;
        }

        if (checkpointSigner is not null)
        {
            log.Checkpoints = new AuditCheckpoints(log, checkpointSigner, options, logger, clock);
        }

        return log;
    }

    /// <summary>
    /// Writes <paramref name="record"/> and returns its sequence number once the line is in the kernel's hands; 0 when
    /// it could not be written (the log now reports the failure).
    /// </summary>
    public long Append(AuditRecord record) => Append(AuditLine.Serialize(record), record.Decision, record.Venue);

    /// <summary>
    /// Queues <paramref name="record"/> for the flusher's thread, which writes it before its next flush (within
    /// <c>Audit:CommitDelayMs</c>). For what follows an intent that is already on record — the exchange's answer — so
    /// the request's thread pays for one write, not two; a crash can lose an answer of the last interval (its intent
    /// then shows as open), never an intent.
    /// </summary>
    public void AppendSoon(AuditRecord record)
    {
        _soon.Enqueue(record);
        lock (_lock)
        {
            MarkDirty();
        }
    }

    /// <summary>Writes a checkpoint's record; its sequence number, or 0 when it could not be written.</summary>
    internal long Append(DateTimeOffset time, Checkpoint checkpoint) =>
        Append(AuditLine.Serialize(time, checkpoint), AuditDecisions.Checkpoint, venue: null);

    /// <summary>The chain's head: the last line's sequence number and SHA-256.</summary>
    internal (long Sequence, byte[] Hash) Head()
    {
        lock (_lock)
        {
            return (_sequence, (byte[])_head.Clone());
        }
    }

    private long Append(ReadOnlySpan<byte> body, string decision, string? venue)
    {
        Span<byte> hash = stackalloc byte[32];
        var rotated = false;
        long sequence;
        lock (_lock)
        {
            if (_closed)
            {
                return 0;
            }

            var needed = AuditLine.MaxPrefixBytes + body.Length + 1;
            if (_line.Length < needed)
            {
                _line = new byte[Math.Max(needed, _line.Length * 2)];
            }

            sequence = _sequence + 1;
            var length = AuditLine.Compose(_line, sequence, _head, body, hash);
            try
            {
                var file = _file ??= OpenFile();
                if (_fileLength > 0 && _fileLength + length > _options.MaxFileBytes)
                {
                    Rotate(file);
                    file = _file = OpenFile();
                    rotated = true;
                }

                RandomAccess.Write(file, _line.AsSpan(0, length), _fileLength);
                _fileLength += length;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                FailWrite(ex);
                return 0;
            }

            hash.CopyTo(_head);
            _sequence = sequence;

            MarkDirty();
            Export?.Add(_line.AsSpan(0, length - 1), sequence, decision, venue);
        }

        if (rotated)
        {
            Checkpoints?.RequestSoon();
        }

        return sequence;
    }

    /// <summary>
    /// While the log cannot be written: tries to write the record of the gap (since when, how many records could not
    /// be written), which is the test that the disk is back. True once the log is writable again.
    /// </summary>
    private bool TryRecover()
    {
        DateTimeOffset since;
        long lost;
        lock (_lock)
        {
            if (_writeFailure is null)
            {
                return true;
            }

            since = _failedSince;
            lost = _lost;
        }

        var written = Append(new AuditRecord
        {
            Time = _clock.GetUtcNow(),
            Venue = "-",
            Method = "-",
            Path = "-",
            Decision = AuditDecisions.Recovered,
            Rule = $"the audit log could not be written from {Checkpoint.FormatTime(since)}: {lost} record(s) were not written (signing was refused meanwhile if Audit:FailClosed)",
        });
        if (written == 0)
        {
            lock (_lock)
            {
                // The gap's own record is not one of the requests' records that were lost.
                _lost--;
            }

            return false;
        }

        lock (_lock)
        {
            _writeFailure = null;
        }

        Log.Recovered(_logger, _path);
        return true;
    }

    // Under _lock. Nothing of the failed line counts: cut whatever part of it reached the file, and drop the handle so
    // the next write reopens (and re-checks) the file.
    private void FailWrite(Exception ex)
    {
        if (_file is { } file)
        {
            try
            {
                if (RandomAccess.GetLength(file) > _fileLength)
                {
                    RandomAccess.SetLength(file, _fileLength);
                }
            }
            catch (Exception cut) when (cut is IOException or UnauthorizedAccessException)
            {
                // Verification reports the partial line if it survives; the next write goes after the last whole one.
            }

            file.Dispose();
            _file = null;
        }

        if (_writeFailure is null)
        {
            Log.WriteFailed(_logger, _path, ex.Message);
            _failedSince = _clock.GetUtcNow();
            _lost = 0;
        }

        _lost++;
        _writeFailure = $"cannot write the audit log '{_path}': {ex.Message}";
        SidecarTelemetry.AuditFailures.Add(1, new TagList { { "reason", "write" } });

        // Wakes the flusher's thread, which tries again until the log can be written.
        _dirtyEvent.Set();
    }

    // Under _lock: the full file is flushed and renamed audit.log.N; the chain continues in a new file. The checkpoint
    // of the head at rotation follows at once (RequestSoon), off the lock: the HSM is never called under it.
    private void Rotate(SafeFileHandle file)
    {
        RandomAccess.FlushToDisk(file);
        file.Dispose();
        _file = null;
        File.Move(_path, AuditChain.NextRotatedName(_path));
        _fileLength = 0;
    }

    private SafeFileHandle OpenFile()
    {
        var file = File.OpenHandle(_path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        _fileLength = RandomAccess.GetLength(file);
        return file;
    }

    /// <summary>Signs a last checkpoint, flushes everything to disk and closes the file (after the requests in flight have finished).</summary>
    public async ValueTask DisposeAsync()
    {
        WriteQueued();
        if (Checkpoints is { } checkpoints)
        {
            await checkpoints.DisposeAsync();
        }

        SyncNow();
        lock (_lock)
        {
            _closed = true;
            _file?.Dispose();
            _file = null;
        }

        await StopSyncAsync();
        if (Export is not null)
        {
            await Export.DisposeAsync();
        }

        AuditAvailability.Remove(this);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.AuditWriteFailed, LogLevel.Critical, "Audit log {Path} cannot be written: {Reason}. Signing is refused while Audit:FailClosed is true.")]
        public static partial void WriteFailed(ILogger logger, string path, string reason);

        [LoggerMessage(EventIds.AuditRecovered, LogLevel.Warning, "Audit log {Path} is writable again")]
        public static partial void Recovered(ILogger logger, string path);

        [LoggerMessage(EventIds.AuditTornLineCut, LogLevel.Warning, "Audit log {Path} ended in a torn line ({Bytes} bytes without a newline: a crash mid-write); cut, the chain continues from the last whole line")]
        public static partial void TornLineCut(ILogger logger, string path, long bytes);
    }
}
