using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Sidecar.Audit;
using Sidecar.Signing.Policy;

namespace Sidecar.Benchmarks;

/// <summary>
/// The audit log's cost on the request thread (issue #5): what SigningProxy does per forwarded request when
/// Audit:Path is set — build the <see cref="AuditRecord"/> (with the hex SHA-256 of the signed bytes) and queue it
/// with <see cref="AuditLog.TryAppend"/> — while the real group-commit writer runs on its own thread, serialising,
/// hash-chaining and flushing batches to a file in a temp directory. The writer's own work is not on the request
/// thread and is not timed here; the load benchmark (bench/load/run.sh, mode sidecar-audit) shows its whole cost.
/// <para>
/// Each iteration queues a fixed number of records and starts with an empty queue (the writer is drained in
/// [IterationSetup]), so the queue never fills and every append takes the normal path, not the "queue full" one.
/// </para>
/// </summary>
[MemoryDiagnoser]
[InvocationCount(AppendsPerIteration, 1)]
public class AuditLogBenchmarks
{
    private const int AppendsPerIteration = 131_072;

    private static readonly OrderFields Order = new()
    {
        Symbol = "BTCUSDT", Side = "BUY", Type = "LIMIT", Quantity = 0.01m, Price = 65000.5m, ClientOrderId = "x-abc123",
    };

    private readonly byte[] _signedSha256 = new byte[32];
    private string _directory = "";
    private AuditLog _log = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("sidecar-audit-bench-").FullName;
        Random.Shared.NextBytes(_signedSha256);
        _log = AuditLog.Open(new AuditOptions
        {
            Path = Path.Combine(_directory, "audit.log"),
            // Room for every append of an iteration; the default (8192) is sized for a bot, not a tight loop.
            QueueCapacity = AppendsPerIteration * 2,
        }, NullLogger.Instance);
    }

    [IterationSetup]
    public void Drain()
    {
        _log.FlushAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        if (_log.Dropped > 0 || _log.Failure is not null)
        {
            throw new InvalidOperationException($"the audit writer fell behind or failed: dropped {_log.Dropped}, failure {_log.Failure}");
        }
    }

    [Benchmark(Description = "AuditLog.TryAppend (record built as SigningProxy does)")]
    public bool TryAppend() => _log.TryAppend(Record());

    /// <summary>
    /// The record alone, not queued: TryAppend minus this is the queue's (and the writer's) share. Returned as
    /// object (a reference, no boxing) because AuditRecord is internal to sidecar and a benchmark method is public.
    /// </summary>
    [Benchmark(Description = "AuditRecord built, not queued")]
    public object RecordOnly() => Record();

    private AuditRecord Record() => new()
    {
        Time = DateTimeOffset.UtcNow,
        Venue = "binance",
        Method = "POST",
        Path = "/api/v3/order",
        KeyLabel = "binance-main",
        Decision = "signed",
        Order = Order,
        UpstreamStatus = 200,
        LatencyMs = 0.25,
        SignedSha256 = Convert.ToHexStringLower(_signedSha256),
        Outcome = "ok",
    };

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }
}
