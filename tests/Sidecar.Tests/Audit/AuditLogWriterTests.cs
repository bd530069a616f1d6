using Microsoft.Extensions.Logging.Abstractions;
using Sidecar.Audit;

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
            Assert.True(log.TryAppend(new AuditRecord
            {
                Time = DateTimeOffset.UnixEpoch,
                Venue = "binance",
                Method = "POST",
                Path = "/api/v3/order",
                Decision = "signed",
            }));
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

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
