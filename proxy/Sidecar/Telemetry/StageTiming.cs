using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sidecar.Telemetry;

/// <summary>
/// Opt-in timestamps of each stage of a request, to find where its time goes on a given machine
/// (<c>LOAD_STAGES=1 bench/load/run.sh</c>, issue #22). On only when the environment variable
/// <c>SIDECAR_STAGE_TIMING</c> is <c>1</c> at start-up; off, <see cref="Start"/> returns null and every stamp is a
/// null check on the request's path, nothing more. On, a request costs a clock read and a thread id per stage, one
/// small object and an <c>OnCompleted</c> callback. Each stage's time is measured from the previous stamped stage,
/// into a histogram of 0.2 µs buckets up to 2 ms, with how often the stage ran on another thread than the one before
/// it (a hop through the thread pool or an I/O completion). Also compiled into bench/PlainYarp, which stamps its own
/// stages the same way: the one baseline Sidecar is compared with.
/// </summary>
internal sealed class StageTiming
{
    /// <summary>The environment variable that turns stage timing on (value <c>1</c>).</summary>
    public const string EnvironmentVariable = "SIDECAR_STAGE_TIMING";

    private const int BucketsPerMicrosecond = 5;
    private const int Buckets = 2000 * BucketsPerMicrosecond + 1;

    private readonly string[] _stages;
    private readonly bool _enabled;
    private readonly long[][] _histograms;
    private readonly long[] _ticks;
    private readonly long[] _hops;

    /// <param name="stages">The stages' names in the order a request passes them; the first is the start, the last <c>OnCompleted</c>.</param>
    /// <param name="enabled">Whether to collect anything (<see cref="Enabled"/>); off, nothing is allocated.</param>
    public StageTiming(string[] stages, bool enabled)
    {
        _stages = stages;
        _enabled = enabled;
        var rows = enabled ? stages.Length + 1 : 0;
        _histograms = new long[rows][];
        for (var i = 0; i < rows; i++)
        {
            _histograms[i] = new long[Buckets];
        }

        _ticks = new long[rows];
        _hops = new long[rows];
    }

    /// <summary>Read once at start-up: a switch, not a setting.</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    /// <summary>Stamps the first stage and registers the last (the response completed); null when timing is off.</summary>
    public Stamps? Start(HttpContext context)
    {
        if (!_enabled)
        {
            return null;
        }

        var stamps = new Stamps(this, _stages.Length);
        stamps.Mark(0);
        context.Response.OnCompleted(static state =>
        {
            ((Stamps)state).Complete();
            return Task.CompletedTask;
        }, stamps);
        return stamps;
    }

    /// <summary>Clears what was collected so far (the next load starts from nothing).</summary>
    public void Reset()
    {
        foreach (var histogram in _histograms)
        {
            Array.Clear(histogram);
        }

        Array.Clear(_ticks);
        Array.Clear(_hops);
    }

    /// <summary>
    /// One line per stage (tab-separated, with a header): requests that reached it, its time from the previous stamped
    /// stage (p50, p90, p99, mean in µs) and the share of them that ran on another thread than the previous stage;
    /// the last line is the whole request, first stage to last, with its thread changes per request.
    /// </summary>
    public string Report()
    {
        var text = new StringBuilder("stage\trequests\tp50_us\tp90_us\tp99_us\tmean_us\tthread_changes_per_request\n");
        for (var row = 1; row < _histograms.Length; row++)
        {
            var histogram = _histograms[row];
            long count = 0;
            foreach (var bucket in histogram)
            {
                count += bucket;
            }

            var name = row == _stages.Length ? "whole request" : _stages[row];
            text.Append(CultureInfo.InvariantCulture, $"{name}\t{count}\t{Percentile(histogram, count, 0.5):0.0}\t{Percentile(histogram, count, 0.9):0.0}\t{Percentile(histogram, count, 0.99):0.0}\t");
            text.Append(CultureInfo.InvariantCulture, $"{(count == 0 ? 0 : Stopwatch.GetElapsedTime(0, _ticks[row]).TotalMicroseconds / count):0.0}\t{(count == 0 ? 0 : (double)_hops[row] / count):0.00}\n");
        }

        return text.ToString();
    }

    private static double Percentile(long[] histogram, long count, double quantile)
    {
        var rank = (long)Math.Ceiling(count * quantile);
        long seen = 0;
        for (var i = 0; i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= rank && seen > 0)
            {
                return (i + 0.5) / BucketsPerMicrosecond;
            }
        }

        return 0;
    }

    private void Add(Stamps stamps)
    {
        var previous = 0;
        var hops = 0;
        for (var stage = 1; stage < stamps.Count; stage++)
        {
            if (stamps.Times[stage] == 0)
            {
                continue;
            }

            var hop = stamps.Threads[stage] != stamps.Threads[previous] ? 1 : 0;
            hops += hop;
            Record(stage, stamps.Times[stage] - stamps.Times[previous], hop);
            previous = stage;
        }

        Record(_stages.Length, stamps.Times[previous] - stamps.Times[0], hops);
    }

    private void Record(int row, long ticks, int hops)
    {
        var bucket = (int)Math.Min(Stopwatch.GetElapsedTime(0, ticks).TotalMicroseconds * BucketsPerMicrosecond, Buckets - 1);
        Interlocked.Increment(ref _histograms[row][bucket]);
        Interlocked.Add(ref _ticks[row], ticks);
        Interlocked.Add(ref _hops[row], hops);
    }

    /// <summary>One request's stamps: when each stage was reached, and on which managed thread.</summary>
    public sealed class Stamps
    {
        public Stamps(StageTiming timing, int count)
        {
            Timing = timing;
            Times = new long[count];
            Threads = new int[count];
        }

        public StageTiming Timing { get; }

        public int Count => Times.Length;

        public long[] Times { get; }

        public int[] Threads { get; }

        public void Mark(int stage)
        {
            Times[stage] = Stopwatch.GetTimestamp();
            Threads[stage] = Environment.CurrentManagedThreadId;
        }

        /// <summary>Stamps the last stage and adds the request to its <see cref="StageTiming"/> (the response's <c>OnCompleted</c>).</summary>
        public void Complete()
        {
            Mark(Count - 1);
            Timing.Add(this);
        }
    }
}
