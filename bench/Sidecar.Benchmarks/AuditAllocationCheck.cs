namespace Sidecar.Benchmarks;

/// <summary>
/// <c>--audit-check</c>: the audit log's managed allocation per record, split between the request thread (the
/// record, its line and its write: GC.GetAllocatedBytesForCurrentThread) and the whole process, which adds the
/// flusher's (GC.GetTotalAllocatedBytes(precise: true), measured after a flush). MemoryDiagnoser reports only the
/// process-wide figure.
/// </summary>
internal static class AuditAllocationCheck
{
    private const int Warmup = 2_000;
    private const int Appends = 30_000;

    public static int Run()
    {
        var benchmarks = new AuditLogBenchmarks();
        benchmarks.Setup();
        try
        {
            for (var i = 0; i < Warmup; i++)
            {
                benchmarks.Append();
            }

            benchmarks.Drain();
            var processBefore = GC.GetTotalAllocatedBytes(precise: true);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var i = 0; i < Appends; i++)
            {
                benchmarks.Append();
            }

            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            var thread = GC.GetAllocatedBytesForCurrentThread() - before;
            benchmarks.Drain();
            var process = GC.GetTotalAllocatedBytes(precise: true) - processBefore;
            Console.WriteLine($"AuditLog.Append {Appends} records: {thread / (double)Appends:0} B per record on the request thread, " +
                $"{process / (double)Appends:0} B per record process-wide (flusher included); {elapsed.TotalMicroseconds / Appends:0.0} µs per record (mean, flusher running)");
        }
        finally
        {
            benchmarks.Cleanup();
        }

        return 0;
    }
}
