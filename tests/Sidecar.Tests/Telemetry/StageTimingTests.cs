using Microsoft.AspNetCore.Http;
using Sidecar.Telemetry;

namespace Sidecar.Tests.Telemetry;

public sealed class StageTimingTests
{
    private static readonly string[] Stages = ["start", "middle", "end"];

    [Fact]
    public void Off_it_stamps_nothing()
    {
        var timing = new StageTiming(Stages, enabled: false);

        Assert.Null(timing.Start(new DefaultHttpContext()));
    }

    [Fact]
    public void Counts_every_stage_of_every_completed_request_and_the_whole_request()
    {
        var timing = new StageTiming(Stages, enabled: true);
        for (var i = 0; i < 3; i++)
        {
            var stamps = timing.Start(new DefaultHttpContext())!;
            stamps.Mark(1);
            stamps.Complete();
        }

        var rows = Rows(timing.Report());
        Assert.Equal(["middle", "end", "whole request"], rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal("3", r[1]));
    }

    [Fact]
    public void A_skipped_stage_is_not_counted_and_the_next_is_measured_from_the_last_stamp()
    {
        var timing = new StageTiming(Stages, enabled: true);
        var stamps = timing.Start(new DefaultHttpContext())!;
        stamps.Complete();

        var rows = Rows(timing.Report());
        Assert.Equal("0", rows.Single(r => r[0] == "middle")[1]);
        Assert.Equal("1", rows.Single(r => r[0] == "end")[1]);
    }

    [Fact]
    public void Counts_a_stage_reached_on_another_thread_as_a_thread_change()
    {
        var timing = new StageTiming(Stages, enabled: true);
        var stamps = timing.Start(new DefaultHttpContext())!;
        var thread = new Thread(() => stamps.Mark(1));
        thread.Start();
        thread.Join();
        stamps.Complete();

        var rows = Rows(timing.Report());
        Assert.Equal("1.00", rows.Single(r => r[0] == "middle")[6]);
        Assert.Equal("2.00", rows.Single(r => r[0] == "whole request")[6]);
    }

    [Fact]
    public void Reset_forgets_what_was_collected()
    {
        var timing = new StageTiming(Stages, enabled: true);
        timing.Start(new DefaultHttpContext())!.Complete();

        timing.Reset();

        Assert.All(Rows(timing.Report()), r => Assert.Equal("0", r[1]));
    }

    private static List<string[]> Rows(string report)
    {
        var lines = report.TrimEnd('\n').Split('\n');
        Assert.Equal("stage\trequests\tp50_us\tp90_us\tp99_us\tmean_us\tthread_changes_per_request", lines[0]);
        return lines.Skip(1).Select(l => l.Split('\t')).ToList();
    }
}
