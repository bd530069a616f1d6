using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Sidecar.Audit;
using Sidecar.Cli;
using Sidecar.Signing.Policy;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Cli;

/// <summary><c>sidecar audit show</c> and <c>tail</c>: who sent which order, when, signed by which HSM, and what the exchange said.</summary>
public sealed class AuditShowCommandTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sidecar-audit-show-").FullName;
    private string _path = null!;

    public async Task InitializeAsync()
    {
        _path = Path.Combine(_directory, "audit.log");
        var time = new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);
        await using var log = AuditLog.Open(new AuditOptions { Path = _path }, NullLogger.Instance);
        var intent = log.Append(new AuditRecord
        {
            Time = time, Venue = "binance", Method = "POST", Path = "/api/v3/order", KeyLabel = "binance-main", Decision = "signed",
            Order = new OrderFields { Symbol = "BTCUSDT", Side = "BUY", Type = "LIMIT", Quantity = 0.001m, Price = 50000m, ClientOrderId = "demo-1" },
            SignedSha256 = new string('a', 64), Hsm = "default",
        });
        log.Append(new AuditRecord { Time = time.AddMilliseconds(15), Ref = intent, Venue = "binance", Method = "POST", Path = "/api/v3/order", Decision = "answered", UpstreamStatus = 200, LatencyMs = 15.2, Outcome = "ok" });
        log.Append(new AuditRecord { Time = time.AddHours(1), Venue = "okx", Method = "POST", Path = "/api/v5/asset/withdrawal", Decision = "refused", Rule = "category withdrawal" });
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Show_puts_an_order_and_the_exchanges_answer_on_one_row()
    {
        var show = await SidecarProcess.RunAsync(null, "audit", "show", _path, "--venue", "binance");

        Assert.Equal(0, show.ExitCode);
        var rows = show.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("TIME (UTC)", rows[0], StringComparison.Ordinal);
        var row = Assert.Single(rows[1..]);
        foreach (var cell in (string[])["2026-12-07 18:00:00.000", "binance", "signed", "/api/v3/order", "BUY 0.001 BTCUSDT @50000 demo-1", "default/binance-main", "200", "ok", "15.2ms"])
        {
            Assert.Contains(cell, row, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--decision", "refused", 3)]
    [InlineData("--since", "2026-12-07T18:30:00Z", 3)]
    [InlineData("--decision", "signed", 1)]
    public async Task Show_filters_and_prints_JSON_with_each_intents_answer(string option, string value, long sequence)
    {
        var show = await SidecarProcess.RunAsync(null, "audit", "show", _path, option, value, "--json");

        Assert.Equal(0, show.ExitCode);
        var record = JsonDocument.Parse(Assert.Single(show.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(sequence, record.GetProperty("seq").GetInt64());
        if (sequence == 1)
        {
            Assert.Equal(200, record.GetProperty("answer").GetProperty("upstreamStatus").GetInt32());
        }
    }

    [Fact]
    public async Task Tail_prints_the_last_lines_as_written()
    {
        var tail = await SidecarProcess.RunAsync(null, "audit", "tail", _path, "--lines", "2", "--json");

        Assert.Equal(0, tail.ExitCode);
        Assert.Equal(File.ReadAllLines(_path)[1..], tail.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 15 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("7d", 7 * 86400)]
    public void Since_takes_a_duration_back_from_now(string text, int seconds)
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(100);

        Assert.Equal(now.AddSeconds(-seconds), AuditCommands.Since(text, now));
    }

    [Fact]
    public void Since_refuses_what_is_neither_a_time_nor_a_duration()
    {
        var ex = Assert.Throws<UsageException>(() => AuditCommands.Since("yesterday"));

        Assert.Contains("neither a time", ex.Message, StringComparison.Ordinal);
    }
}
