namespace Sidecar.Benchmarks;

/// <summary>
/// <c>--audit-check</c>: the audit log's managed allocation per request, split between the request thread
/// (the record and its queueing: GC.GetAllocatedBytesForCurrentThread) and the whole process, which adds the
/// group-commit writer's serialisation and hash chaining (GC.GetTotalAllocatedBytes(precise: true), measured after
/// the writer has drained the queue). MemoryDiagnoser reports only the process-wide figure.
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
                benchmarks.TryAppend();
            }

            benchmarks.Drain();
            var processBefore = GC.GetTotalAllocatedBytes(precise: true);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Appends; i++)
            {
                benchmarks.TryAppend();
            }

            var thread = GC.GetAllocatedBytesForCurrentThread() - before;
            benchmarks.Drain();
            var process = GC.GetTotalAllocatedBytes(precise: true) - processBefore;
            Console.WriteLine($"AuditLog.TryAppend {Appends} records: {thread / (double)Appends:0} B per record on the request thread, " +
                $"{process / (double)Appends:0} B per record process-wide (writer included, after draining)");
        }
        finally
        {
            benchmarks.Cleanup();
        }

        return 0;
    }
}
