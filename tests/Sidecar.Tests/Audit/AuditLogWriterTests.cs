using Microsoft.Extensions.Logging.Abstractions;
using Sidecar.Audit;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Audit;

/// <summary>The write-ahead log itself: written when Append returns, flushed by group commit, continued after a crash.</summary>
public sealed class AuditLogWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sidecar-audit-writer-").FullName;

    [Fact]
    public async Task A_record_is_in_the_file_when_Append_returns_and_the_writes_of_one_commit_delay_share_one_flush()
    {
        var path = Path.Combine(_directory, "audit.log");
        var clock = new TestClock();
        var delay = TimeSpan.FromMilliseconds(1000);
        var log = AuditLog.Open(new AuditOptions { Path = path, CommitDelayMs = 1000 }, NullLogger.Instance, clock);
        try
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(i + 1, log.Append(Record(i)));

                // Handed to the kernel before Append returned: another reader sees the whole line now, no flush needed.
                Assert.Equal(i + 1, ReadLines(path).Length);
            }

            // The first write woke the flusher, which waits its commit delay on the clock; the other four did not wake it.
            await Eventually.UntilAsync(() => clock.Armed(delay) == 1, "the flusher to wait its commit delay");
            Assert.Equal(0, log.Syncs);
            Assert.Equal(5, log.Unsynced);

            clock.Advance(delay);
            await Eventually.UntilAsync(() => log.Syncs == 1, "one flush for the five records");
            Assert.Equal(0, log.Unsynced);
            Assert.Equal(1, clock.Armed(delay));
        }
        finally
        {
            await log.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_torn_last_line_is_cut_at_start_up_and_the_chain_continues_from_the_last_whole_line()
    {
        var path = Path.Combine(_directory, "torn.log");
        await using (var log = AuditLog.Open(new AuditOptions { Path = path }, NullLogger.Instance))
        {
            log.Append(Record(0));
            log.Append(Record(1));
        }

        // What a crash mid-write leaves: part of a line, no newline.
        const string fragment = "{\"seq\":3,\"prev\":\"ab";
        await File.AppendAllTextAsync(path, fragment);
        var torn = AuditChain.Verify(path);
        Assert.True(torn.Ok, torn.Reason);
        Assert.Equal(2, torn.Records);
        Assert.Equal(fragment.Length, torn.TornBytes);

        await using (var log = AuditLog.Open(new AuditOptions { Path = path }, NullLogger.Instance))
        {
            Assert.Equal(3, log.Append(Record(2)));
        }

        var verdict = AuditChain.Verify(path);
        Assert.True(verdict.Ok, verdict.Reason);
        Assert.Equal(3, verdict.Records);
        Assert.Equal(0, verdict.TornBytes);
        Assert.All(ReadLines(path), line => Assert.StartsWith("{\"seq\":", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_last_line_that_is_whole_but_not_a_record_stops_start_up_instead_of_being_chained_over()
    {
        var path = Path.Combine(_directory, "damaged.log");
        await using (var log = AuditLog.Open(new AuditOptions { Path = path }, NullLogger.Instance))
        {
            log.Append(Record(0));
        }

        await File.AppendAllTextAsync(path, "not a record\n");

        var ex = Assert.Throws<IOException>(() => AuditLog.Open(new AuditOptions { Path = path }, NullLogger.Instance));
        Assert.Contains("is not an audit record", ex.Message, StringComparison.Ordinal);
    }

    private static string[] ReadLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
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
