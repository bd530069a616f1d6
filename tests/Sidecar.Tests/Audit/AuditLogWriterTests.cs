using Microsoft.Extensions.Logging.Abstractions;
using Sidecar.Audit;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Audit;

public sealed class AuditLogWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sidecar-audit-writer-").FullName;

    [Fact]
    public async Task The_writer_blocks_on_its_own_thread_not_the_thread_pool_s()
    {
        // A pool thread blocked in fsync delayed the answer of the request whose record woke the writer.
        var path = Path.Combine(_directory, "audit.log");
        var log = AuditLog.Open(new AuditOptions { Path = path }, NullLogger.Instance);
        try
        {
            Assert.True(log.TryAppend(Record(0)));
            await log.FlushAsync(TimeSpan.FromSeconds(10));

            Assert.False(log.WriterRanOnThreadPool);
            Assert.Contains("\"decision\":\"signed\"", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        }
        finally
        {
            await log.DisposeAsync();
        }

        // Disposing completes the queue and the writer's thread ends: a second dispose finds nothing left to wait for.
        await log.DisposeAsync();
    }

    [Fact]
    public async Task A_commit_delay_lets_records_that_arrive_meanwhile_share_one_batch()
    {
        // The first record wakes the writer, which waits the delay on its clock; the next four arrive meanwhile and
        // nothing is written until the clock has passed the delay; then all five share one fsync.
        var grouped = await BatchesForFiveRecordsAsync(commitDelayMs: 1000);

        Assert.Equal(1, grouped);
    }

    [Fact]
    public async Task Without_a_commit_delay_the_writer_writes_as_soon_as_it_wakes()
    {
        // The control: the first record is on disk, in a batch of its own, before the other four are appended.
        var immediate = await BatchesForFiveRecordsAsync(commitDelayMs: 0);

        Assert.True(immediate >= 2, $"{immediate} batch(es)");
    }

    private async Task<int> BatchesForFiveRecordsAsync(int commitDelayMs)
    {
        var path = Path.Combine(_directory, $"audit-{commitDelayMs}.log");
        var delay = TimeSpan.FromMilliseconds(commitDelayMs);
        var clock = new TestClock();
        var log = AuditLog.Open(new AuditOptions { Path = path, CommitDelayMs = commitDelayMs }, NullLogger.Instance, clock);
        try
        {
            Assert.True(log.TryAppend(Record(0)));
            if (commitDelayMs == 0)
            {
                await log.FlushAsync(TimeSpan.FromSeconds(10));
            }
            else
            {
                await Eventually.UntilAsync(() => clock.Armed(delay) == 1, "the writer to wait its commit delay");
            }

            for (var i = 1; i < 5; i++)
            {
                Assert.True(log.TryAppend(Record(i)));
            }

            if (commitDelayMs > 0)
            {
                Assert.Equal(0, log.BatchesWritten);
                Assert.False(File.Exists(path), "written before the commit delay had passed");
                clock.Advance(delay);
            }

            await log.FlushAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(5, (await File.ReadAllLinesAsync(path)).Length);
            return log.BatchesWritten;
        }
        finally
        {
            await log.DisposeAsync();
        }
    }

    private static AuditRecord Record(int i) => new()
    {
        Time = DateTimeOffset.UnixEpoch.AddSeconds(i),
        Venue = "binance",
        Method = "POST",
        Path = "/api/v3/order",
        Decision = "signed",
    };

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
