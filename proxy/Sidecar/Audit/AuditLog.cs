using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sidecar.Logging;

namespace Sidecar.Audit;

/// <summary>
/// The audit log: one JSON line per decision, hash-chained (each line carries the SHA-256 of the previous line, and
/// a sequence number), so editing, deleting or reordering a line breaks the chain at that point.
/// <para>
/// Requests never wait on the disk: records go into a bounded queue and one writer appends them in batches with a
/// single flush-to-disk per batch (group commit). If writing fails the log turns unhealthy, the writer keeps the
/// batch and retries, and with FailClosed Sidecar refuses to sign until a write succeeds again. The writer's waits
/// (the group-commit delay, the retry delay) are on the log's clock, so tests drive them with a fake one.
/// </para>
/// </summary>
internal sealed partial class AuditLog : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly AuditOptions _options;
    private readonly string _path;
    private readonly Channel<AuditRecord> _queue;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ClockSleep _sleep;

    // Used only by the writer loop (one thread at a time), reset for every line.
    private readonly System.Text.Json.Utf8JsonWriter _lineWriter = AuditLine.CreateWriter();
    private FileStream? _file;
    private string _previousHash;
    private long _sequence;
    private volatile string? _failure;

    private AuditLog(AuditOptions options, ILogger logger, TimeProvider clock, string previousHash, long sequence)
    {
        _options = options;
        _sleep = new ClockSleep(clock);
        _path = options.Path!;
        _logger = logger;
        _previousHash = previousHash;
        _sequence = sequence;
        _queue = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // A thread of its own, not the thread pool's: the writer blocks in write and fsync, and a pool thread stuck
        // there would delay the requests' own continuations (on 2 cores, the answer to the request whose record
        // woke the writer waited for that fsync: +140 µs p50 at one connection, bench/RESULTS.md).
        var thread = new Thread(WriteLoop) { IsBackground = true, Name = "sidecar-audit-writer" };
        thread.Start();
    }

    /// <summary>Null when records are being written; otherwise why not.</summary>
    public string? Failure => _failure;

    public bool FailClosed => _options.FailClosed;

    /// <summary>Records accepted but not yet written.</summary>
    public int Pending => _queue.Reader.Count;

    /// <summary>Records that could not even be queued (queue full).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    private long _dropped;

    /// <summary>Opens (or continues) the log: the chain resumes from the last complete line of the current file.</summary>
    /// <param name="clock">Times the writer's waits; the system's when null.</param>
    public static AuditLog Open(AuditOptions options, ILogger logger, TimeProvider? clock = null)
    {
        var (hash, sequence) = AuditChain.Tail(options.Path!);
        return new AuditLog(options, logger, clock ?? TimeProvider.System, hash, sequence);
    }

    /// <summary>True when the record was queued; false when the queue is full (the caller fails closed or counts it).</summary>
    public bool TryAppend(AuditRecord record)
    {
        if (_queue.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _queued);
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Whether a new signature may be made: the writer is healthy and there is room for its record.</summary>
    public bool CanRecord => _failure is null && _queue.Reader.Count < _options.QueueCapacity;

    /// <summary>Waits until everything queued so far is on disk (tests, shutdown).</summary>
    public async Task FlushAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        // Counted, not inferred from the queue: between the writer taking a batch and writing it, the queue is
        // already empty while the records are not yet on disk.
        var target = Interlocked.Read(ref _queued);
        while (Interlocked.Read(ref _written) < target && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }

    private long _queued;
    private long _written;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writerDone.Task.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync();
        }

        CloseFile();
        _stopping.Dispose();
        if (_writerDone.Task.IsCompleted)
        {
            // A writer still stuck in a write wakes from its next wait by the cancellation, on this timer and event.
            _sleep.Dispose();
        }
    }

    /// <summary>Batches written, each with one flush to disk.</summary>
    internal int BatchesWritten { get; private set; }

    /// <summary>Whether the writer ran on a thread-pool thread (it must not: it blocks in write and fsync).</summary>
    internal bool WriterRanOnThreadPool { get; private set; }

    private void WriteLoop()
    {
        WriterRanOnThreadPool = Thread.CurrentThread.IsThreadPoolThread;
        try
        {
            WriteBatches();
            _writerDone.TrySetResult();
        }
        catch (Exception ex)
        {
            _writerDone.TrySetException(ex);
        }
    }

    private void WriteBatches()
    {
        var batch = new List<AuditRecord>(MaxBatch);
        var reader = _queue.Reader;
        while (WaitToRead(reader))
        {
            // Group commit: let the records that arrive meanwhile share this batch's one fsync.
            if (_options.CommitDelayMs > 0 && !_sleep.Sleep(TimeSpan.FromMilliseconds(_options.CommitDelayMs), _stopping.Token))
            {
                return;
            }

            while (batch.Count < MaxBatch && reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            while (!TryWrite(batch))
            {
                Interlocked.Add(ref _written, _committedInBatch);
                batch.RemoveRange(0, _committedInBatch);
                _committedInBatch = 0;
                // Keep the batch and retry: the disk may come back (space freed, permissions fixed).
                if (!_sleep.Sleep(RetryDelay, _stopping.Token))
                {
                    return;
                }
            }

            Interlocked.Add(ref _written, batch.Count);
            batch.Clear();
            _committedInBatch = 0;
            BatchesWritten++;
        }
    }

    // Blocks the writer's own thread until a record is queued or the queue is completed (then false).
    private static bool WaitToRead(ChannelReader<AuditRecord> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private bool TryWrite(List<AuditRecord> batch)
    {
        var hash = _previousHash;
        var sequence = _sequence;
        long? rollbackTo = null;
        try
        {
            using var buffer = new MemoryStream(batch.Count * 400);
            var lines = new List<(long Offset, long Length, string Hash)>(batch.Count);
            foreach (var record in batch)
            {
                var start = buffer.Position;
                sequence++;
                AuditLine.Write(_lineWriter, buffer, sequence, hash, record);
                var length = buffer.Position - start;
                hash = Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan((int)start, (int)length)));
                buffer.WriteByte((byte)'\n');
                lines.Add((start, length + 1, hash));
            }

            // Write whole lines, rotating between lines when the next one would take the file over the limit.
            // Each chunk on disk is committed at once, so a failure later in the batch never rewrites it.
            var bytes = buffer.GetBuffer();
            var chunkFirst = 0;
            var chunkLength = 0L;
            for (var i = 0; i < lines.Count; i++)
            {
                var file = CurrentFile();
                if (file.Length + chunkLength > 0 && file.Length + chunkLength + lines[i].Length > _options.MaxFileBytes)
                {
                    WriteChunk(file, bytes, lines[chunkFirst].Offset, chunkLength, ref rollbackTo);
                    Commit(batch, lines, ref chunkFirst, i);
                    Rotate();
                    chunkLength = 0;
                }

                chunkLength += lines[i].Length;
            }

            WriteChunk(CurrentFile(), bytes, lines[chunkFirst].Offset, chunkLength, ref rollbackTo);
            Commit(batch, lines, ref chunkFirst, lines.Count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing of the batch counts as written: cut any partial line, drop the handle so the next try
            // reopens and re-checks, and write the whole batch again then.
            CloseFile();
            TryTruncate(rollbackTo);
            if (_failure is null)
            {
                Log.WriteFailed(_logger, _path, ex.Message);
            }

            _failure = $"cannot write the audit log '{_path}': {ex.Message}";
            return false;
        }

        if (_failure is not null)
        {
            _failure = null;
            Log.Recovered(_logger, _path);
        }

        return true;
    }

    private void CloseFile()
    {
        try
        {
            _file?.Dispose();
        }
        catch (IOException)
        {
            // Unbuffered, so nothing is lost; a failing disk may still refuse the close.
        }

        _file = null;
    }

    private void TryTruncate(long? length)
    {
        if (length is not { } keep)
        {
            return;
        }

        try
        {
            using var file = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.Read);
            if (file.Length > keep)
            {
                file.SetLength(keep);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Verification will report the partial line if it survives; the retry appends after it.
        }
    }

    private FileStream CurrentFile() => _file ??= OpenFile();

    // Lines [first, end) are on disk: advance the chain past them and forget them, so a retry writes only the rest.
    private int _committedInBatch;

    private void Commit(List<AuditRecord> batch, List<(long Offset, long Length, string Hash)> lines, ref int first, int end)
    {
        if (end == first)
        {
            return;
        }

        _previousHash = lines[end - 1].Hash;
        _sequence += end - first;
        _committedInBatch += end - first;
        first = end;
    }

    private static void WriteChunk(FileStream file, byte[] bytes, long start, long length, ref long? rollbackTo)
    {
        if (length == 0)
        {
            return;
        }

        rollbackTo = file.Length;
        file.Write(bytes, (int)start, (int)length);
        file.Flush(flushToDisk: true);
    }

    private void Rotate()
    {
        CloseFile();
        File.Move(_path, AuditChain.NextRotatedName(_path));
    }

    // Unbuffered: each batch is one write of whole lines, then one flush to disk.
    private FileStream OpenFile() => new(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.None);

    private static partial class Log
    {
        [LoggerMessage(EventIds.AuditWriteFailed, LogLevel.Critical, "Audit log {Path} cannot be written: {Reason}. Signing is refused while Audit:FailClosed is true.")]
        public static partial void WriteFailed(ILogger logger, string path, string reason);

        [LoggerMessage(EventIds.AuditRecovered, LogLevel.Warning, "Audit log {Path} is writable again")]
        public static partial void Recovered(ILogger logger, string path);
    }
}
