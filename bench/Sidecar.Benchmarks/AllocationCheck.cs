namespace Sidecar.Benchmarks;

/// <summary>
/// <c>--alloc-check</c>: an exact cross-check of MemoryDiagnoser's per-operation figure, which rounds and so
/// would hide e.g. one allocation every few thousand calls. Runs each benchmark method many times after warm-up
/// and prints the total managed bytes this thread allocated (GC.GetAllocatedBytesForCurrentThread; the verdict) and,
/// for information, the whole process (GC.GetTotalAllocatedBytes(precise: true), which is what MemoryDiagnoser reads
/// and which also counts runtime background threads, e.g. tiered JIT).
/// </summary>
internal static class AllocationCheck
{
    private const int Warmup = 2_000;
    private const int Iterations = 50_000;

    public static int Run()
    {
        var signing = new SigningBenchmarks();
        var raw = new RawPkcs11Benchmarks();
        signing.Setup();
        raw.Setup();
        var failed = false;
        try
        {
            var cases = new (string Name, Action Body)[]
            {
                ("SignStep in-process HMACSHA256", () => signing.SignStepInProcess()),
                ("SignStep HSM session object", () => signing.SignStepHsmSessionObject()),
                ("SignStep HSM token object", () => signing.SignStepHsmTokenObject()),
                ("ISigningKey.Sign HSM session object", () => signing.KeySignHsmSessionObject()),
                ("ISigningKey.Sign HSM token object", () => signing.KeySignHsmTokenObject()),
                ("Raw C_SignInit+C_Sign session object", () => raw.RawSessionObject()),
                ("Raw C_SignInit+C_Sign token object", () => raw.RawTokenObject()),
            };
            foreach (var (name, body) in cases)
            {
                for (var i = 0; i < Warmup; i++)
                {
                    body();
                }

                var processBefore = GC.GetTotalAllocatedBytes(precise: true);
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < Iterations; i++)
                {
                    body();
                }

                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                var process = GC.GetTotalAllocatedBytes(precise: true) - processBefore;
                failed |= allocated != 0;
                Console.WriteLine($"{name,-40} {Iterations} calls: {allocated} B on this thread ({process} B process-wide)");
            }
        }
        finally
        {
            signing.Cleanup();
            raw.Cleanup();
        }

        return failed ? 1 : 0;
    }
}
