using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// Issue #8: managed allocation per signed, forwarded order, counted by the real process itself (its
/// <c>dotnet.gc.heap.total_allocated</c> at the admin /metrics, as bench/load does), so nothing else in the test
/// process is counted. A budget with margin, not a timing: it catches a per-request log line, a buffered copy of the
/// body or a cascade of state machines coming back.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class ProxyAllocationTests(SoftHsmToken token)
{
    private const int Warmup = 500;
    private const int Measured = 2000;

    // The Debug build the tests run: 4.7–4.8 KB per request after issue #8's changes, 7.7 KB before them.
    private const long BudgetBytesPerRequest = 5_500;

    [Fact]
    public async Task A_signed_order_allocates_under_the_budget_in_the_sidecar_process()
    {
        await using var binance = BinanceProcessSetup.Create(token, "alloc");
        binance.Venue["Policy"] = new JsonObject { ["RequestsPerSecond"] = 0, ["OrdersPer10Seconds"] = 0, ["ExchangeLimits"] = false }; // no rate limits, as bench/load
        var sidecar = await binance.StartAsync();
        using var admin = new HttpClient { BaseAddress = sidecar.AdminUrl, Timeout = TimeSpan.FromSeconds(30) };
        await SendOrdersAsync(binance.Bot, Warmup);

        var before = await AllocatedAsync(admin, previous: null);
        await SendOrdersAsync(binance.Bot, Measured);
        var after = await AllocatedAsync(admin, previous: before);

        var perRequest = (after - before) / Measured;
        Assert.Equal(Warmup + Measured, binance.Upstream.RequestsTo("/api/v3/order"));
        Assert.True(perRequest <= BudgetBytesPerRequest, $"{perRequest} B allocated per signed order (budget {BudgetBytesPerRequest} B)");
    }

    private static async Task SendOrdersAsync(HttpClient bot, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var answer = await bot.PostAsync("binance/api/v3/order", new StringContent(
                $"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1&newClientOrderId=alloc-{i}", Encoding.ASCII, "application/x-www-form-urlencoded"));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
    }

    // The runtime's counter as the exporter reads it. The exporter answers a scrape soon after another with that
    // scrape's text (its cache), so a value equal to the one read before is a cached answer: scrape again. The
    // first scrape of the process has nothing cached.
    private static Task<long> AllocatedAsync(HttpClient admin, long? previous) =>
        Eventually.UntilAsync(() => ScrapeAllocatedAsync(admin), value => value != previous, "a fresh scrape of /metrics, not the exporter's cached one");

    private static async Task<long> ScrapeAllocatedAsync(HttpClient admin)
    {
        var metrics = await admin.GetStringAsync("metrics");
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith("dotnet_gc_heap_total_allocated_bytes_total", StringComparison.Ordinal) && !line.StartsWith('#'))
            {
                return long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("no dotnet_gc_heap_total_allocated_bytes_total at /metrics");
    }
}
