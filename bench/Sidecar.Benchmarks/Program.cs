using BenchmarkDotNet.Running;
using Sidecar.Benchmarks;

// Usage: dotnet run -c Release --project bench/Sidecar.Benchmarks -- --filter '*'   (see bench/run-signing.sh)
//        dotnet run -c Release --project bench/Sidecar.Benchmarks -- --alloc-check   (exact allocation count)
//        dotnet run -c Release --project bench/Sidecar.Benchmarks -- --paired        (interleaved HSM/raw ratio)
//        dotnet run -c Release --project bench/Sidecar.Benchmarks -- --audit-check   (audit bytes per record, by thread)
//        dotnet run -c Release --project bench/Sidecar.Benchmarks -- --concurrency   (signs/s and CPU per sign, 1-4 threads)
//        dotnet run -c Release --project bench/Sidecar.Benchmarks -- --ws-relay      (WebSocket relay: frames/s, B/frame, round trip)
try
{
    if (args is ["--alloc-check"])
    {
        return AllocationCheck.Run();
    }

    if (args is ["--audit-check"])
    {
        return AuditAllocationCheck.Run();
    }

    if (args is ["--concurrency"])
    {
        return ConcurrentSigning.Run();
    }

    if (args is ["--ws-relay"])
    {
        return await WebSocketRelayCheck.RunAsync();
    }

    if (args is ["--paired"])
    {
        return PairedRatio.Run();
    }

    BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, BenchConfig.Create());
    return 0;
}
finally
{
    BenchHsm.DisposeShared();
}
