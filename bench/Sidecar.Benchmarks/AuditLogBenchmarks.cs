using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Sidecar.Audit;
using Sidecar.Signing.Policy;

namespace Sidecar.Benchmarks;

/// <summary>
/// The audit log's cost on the request thread (issues #5, #20): what SigningProxy does per signed request when
/// Audit:Path is set — build the intent <see cref="AuditRecord"/> (with the hex SHA-256 of the signed bytes) and
/// <see cref="AuditLog.Append"/> it: serialize, chain, hash and write(2) it to a file in a temp directory, under the
/// log's lock — while the real group-commit flusher fsyncs on its own thread. The answered record that follows costs
/// the same again; the load benchmark (bench/load/run.sh, mode sidecar-audit) shows the whole cost per request.
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
        _log = AuditLog.Open(new AuditOptions { Path = Path.Combine(_directory, "audit.log") }, NullLogger.Instance);
    }

    [IterationSetup]
    public void Drain()
    {
        _log.FlushAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        if (_log.Failure is not null)
        {
            throw new InvalidOperationException($"the audit log failed: {_log.Failure}");
        }
    }

    [Benchmark(Description = "AuditLog.Append (record built as SigningProxy does, written to the file)")]
    public long Append() => _log.Append(Record());

    /// <summary>
    /// The record alone, not written: Append minus this is the line's and the write's share. Returned as
    /// object (a reference, no boxing) because AuditRecord is internal to sidecar and a benchmark method is public.
    /// </summary>
    [Benchmark(Description = "AuditRecord built, not written")]
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
