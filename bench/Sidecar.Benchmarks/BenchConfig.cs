using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Sidecar.Benchmarks;

/// <summary>
/// Sized for a 2-core box and a run of a few minutes: one launch, 3 warm-up and 10 measured iterations per
/// benchmark. In-process (InProcessEmitToolchain) because the benchmarks share one SoftHSM2 token whose
/// SOFTHSM2_CONF is set with setenv in this process; an out-of-process child would need the variable passed
/// and its own token. The default exporters stay on (GitHub markdown, CSV, HTML under the artifacts path).
/// Median and Min are added because the box is shared: background load inflates Mean, Min barely moves.
/// </summary>
internal static class BenchConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithGcServer(false)
            .WithId("InProcess-W3-I10"))
        .AddColumn(StatisticColumn.Median, StatisticColumn.Min)
        .WithOptions(ConfigOptions.StopOnFirstError);
}
