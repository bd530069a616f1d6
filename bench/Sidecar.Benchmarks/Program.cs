using BenchmarkDotNet.Running;
using Sidecar.Benchmarks;

// Usage: dotnet run -c Release --project bench/Sidecar.Benchmarks -- --filter '*'   (see bench/run-signing.sh)
try
{
    BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, BenchConfig.Create());
}
finally
{
    BenchHsm.DisposeShared();
}
