using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Sidecar.Logging;
using Sidecar.Telemetry;

namespace Sidecar.Audit;

/// <summary>
/// Group commit: the lines are written by the requests themselves; their flush to disk is this thread's. The first
/// write after a flush wakes it (one wake-up per interval, none while idle); it waits <c>Audit:CommitDelayMs</c> on
/// the log's clock so the writes of that interval share one fsync, then flushes. A failed flush turns the log
/// unavailable (FailClosed refuses to sign) and is retried every <see cref="RetryDelay"/> until one succeeds; so is a
/// failed write (<see cref="TryRecover"/>).
/// </summary>
internal sealed partial class AuditLog
{
    private readonly ManualResetEventSlim _dirtyEvent = new(initialState: false);
    private readonly System.Collections.Concurrent.ConcurrentQueue<AuditRecord> _soon = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _syncDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ClockSleep _sleep;
    private int _dirty;
    private long _syncedSequence;
    private volatile string? _syncFailure;

    /// <summary>Writes what is queued and flushes to disk what has been written so far (tests, shutdown).</summary>
    public Task FlushAsync(TimeSpan timeout) => Task.Run(() =>
    {
        WriteQueued();
        SyncNow();
    }).WaitAsync(timeout);

    /// <summary>A checkpoint's flush of the log before it is kept beside it.</summary>
    internal bool SyncNowForCheckpoint() => SyncNow();

    /// <summary>Flushes done by the sync thread (tests: one per commit interval, not one per record).</summary>
    internal int Syncs => Volatile.Read(ref _syncs);

    private int _syncs;

    // Under _lock, after a write: the first write since the last flush wakes the sync thread.
    private void MarkDirty()
    {
        if (_dirty == 0)
        {
            _dirty = 1;
            _dirtyEvent.Set();
        }
    }

    private void SyncLoop()
    {
        try
        {
            var delay = TimeSpan.FromMilliseconds(_options.CommitDelayMs);
            var token = _stopping.Token;
            while (true)
            {
                // A failed write sets the event too; checked first, so one that came during the last flush is not missed.
                if (_writeFailure is null)
                {
                    _dirtyEvent.Wait(token);
                }

                if (_writeFailure is not null)
                {
                    // The log cannot be written: try again every RetryDelay until the gap's record goes in.
                    if (!TryRecover() && !_sleep.Sleep(RetryDelay, token))
                    {
                        break;
                    }

                    continue;
                }

                if (delay > TimeSpan.Zero && !_sleep.Sleep(delay, token))
                {
                    break;
                }

                // Reset before clearing the flag: a write that lands after the clear sets the event again, and one
                // that lands before it is covered by the flush below.
                _dirtyEvent.Reset();
                lock (_lock)
                {
                    _dirty = 0;
                }

                WriteQueued();

                if (!SyncNow())
                {
                    MarkDirtyUnlocked();
                    if (!_sleep.Sleep(RetryDelay, token))
                    {
                        break;
                    }
                }
                else
                {
                    Interlocked.Increment(ref _syncs);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: DisposeAsync made the last flush itself.
        }
        finally
        {
            _syncDone.TrySetResult();
        }
    }

    // The records queued by AppendSoon, written by this thread before the flush that follows.
    private void WriteQueued()
    {
        while (_soon.TryDequeue(out var record))
        {
            Append(record);
        }
    }

    private void MarkDirtyUnlocked()
    {
        lock (_lock)
        {
            MarkDirty();
        }
    }

    /// <summary>fsync of the current file, outside the lock: writers go on appending while the disk flushes.</summary>
    private bool SyncNow()
    {
        SafeFileHandle? file;
        long sequence;
        var referenced = false;
        lock (_lock)
        {
            file = _file;
            sequence = _sequence;
            if (file is null)
            {
                // Nothing open: everything written went to a file that rotation or a failure flushed or closed.
                Interlocked.Exchange(ref _syncedSequence, sequence);
                return true;
            }

            // Keeps the descriptor open while a rotation closes the handle meanwhile (rotation flushes it itself).
            file.DangerousAddRef(ref referenced);
        }

        try
        {
            RandomAccess.FlushToDisk(file);
            Interlocked.Exchange(ref _syncedSequence, sequence);
            if (_syncFailure is not null)
            {
                _syncFailure = null;
                Log.Recovered(_logger, _path);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            if (_syncFailure is null)
            {
                Log.SyncFailed(_logger, _path, ex.Message);
            }

            _syncFailure = $"cannot flush the audit log '{_path}' to disk: {ex.Message}";
            SidecarTelemetry.AuditFailures.Add(1, new TagList { { "reason", "fsync" } });
            return false;
        }
        finally
        {
            if (referenced)
            {
                file.DangerousRelease();
            }
        }
    }

    private async Task StopSyncAsync()
    {
        await _stopping.CancelAsync();
        await _syncDone.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_syncDone.Task.IsCompleted)
        {
            _sleep.Dispose();
            _dirtyEvent.Dispose();
        }

        _stopping.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.AuditSyncFailed, LogLevel.Critical, "Audit log {Path} cannot be flushed to disk: {Reason}. Signing is refused while Audit:FailClosed is true.")]
        public static partial void SyncFailed(ILogger logger, string path, string reason);
    }
}
