using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Binance.Limits;
using Sidecar.Tests.EndToEnd.HsmAvailability;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Governor;

/// <summary>
/// The governor against the fake Binance, which counts weight per minute as Binance does, answers 429 over its limit
/// and bans with 418 after repeated 429s. Sidecar reads the limit from the fake's exchangeInfo and the IP's use from
/// its X-MBX-USED-WEIGHT-1M headers; Sidecar and the fake share a test clock 15 s into a minute, so Retry-After is
/// exactly the 45 s left of the fake's minute.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BinanceGovernorTests(SoftHsmToken token)
{
    private const int WeightPerMinute = 200;

    [Fact]
    public async Task A_burst_never_draws_a_429_from_the_exchange_and_Sidecars_429_says_when_its_minute_ends()
    {
        await using var setup = await StartAsync(alerts: true);
        var sidecar = setup.Sidecar;

        // exchangeInfo cost 20 at start-up: 180 of the 190 allowed (5 % reserve) are left, nine accounts' worth.
        var burst = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => sidecar.Client.GetAsync("/binance/api/v3/account")));

        Assert.Equal(0, setup.Account.Exchange.Limits.Rejections);
        Assert.Equal(0, setup.Account.Exchange.Limits.Bans);
        Assert.DoesNotContain(setup.Account.Exchange.Requests, r => r.Status is 429 or 418);
        Assert.Equal(8, burst.Count(r => r.StatusCode == HttpStatusCode.OK)); // 20 + 8 × 20 = 180; a ninth would be 200 > 190
        foreach (var held in burst.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await SidecarErrors.AssertAsync(held, 429, "rate_limited");
            Assert.Equal("45", Assert.Single(held.Headers.GetValues("Retry-After")));
        }

        Assert.Equal(180, setup.Account.Exchange.Limits.Used(WeightFamily.Spot));

        // The fake's 180 is what Sidecar shows; the alert went out at 80 % (160).
        var metrics = await sidecar.Admin.GetStringAsync("/metrics");
        Assert.Contains(Sample("sidecar_ratelimit_used", "180"), Lines(metrics));
        Assert.Contains(Sample("sidecar_ratelimit_limit", "200"), Lines(metrics));
        await Eventually.UntilAsync(() => setup.Alerts!.Received("rate_limit_near"), "the rate_limit_near alert at the webhook");
        var alert = Assert.Single(setup.Alerts!.Alerts, a => a["event"]?.GetValue<string>() == "rate_limit_near");
        Assert.Equal("binance", alert["venue"]!.GetValue<string>());
        Assert.DoesNotContain(setup.Account.Secret, alert.ToJsonString(), StringComparison.Ordinal);

        // At the fake's next minute the venue signs again.
        setup.Clock.Advance(TimeSpan.FromSeconds(45));
        using var next = await sidecar.Client.GetAsync("/binance/api/v3/account");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        foreach (var response in burst)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_cancel_sent_while_the_venue_is_held_reaches_the_exchange()
    {
        await using var setup = await StartAsync(alerts: false);
        var sidecar = setup.Sidecar;
        using var placed = await sidecar.Client.PostAsync("/binance/api/v3/order", Form("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=50000&newClientOrderId=held-1"));
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        await HoldAsync(sidecar);
        setup.Account.Exchange.ClearRequests();

        using var cancel = await sidecar.Client.DeleteAsync("/binance/api/v3/order?symbol=BTCUSDT&origClientOrderId=held-1");

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var reached = Assert.Single(setup.Account.Exchange.Requests);
        Assert.Equal(("DELETE", "/api/v3/order", 200), (reached.Method, reached.Path, reached.Status));
        Assert.Contains("\"CANCELED\"", await cancel.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var stillHeld = await sidecar.Client.GetAsync("/binance/api/v3/account");
        await SidecarErrors.AssertAsync(stillHeld, 429, "rate_limited"); // the cancel got through the hold; the rest does not
        Assert.Equal(0, setup.Account.Exchange.Limits.Rejections);
    }

    [Fact]
    public async Task Weight_another_client_spends_from_the_same_IP_is_counted_from_the_exchanges_header()
    {
        await using var setup = await StartAsync(alerts: false);
        var sidecar = setup.Sidecar;

        // Another bot behind the same address: five public exchangeInfo reads, straight to the exchange (100).
        using var direct = new HttpClient { BaseAddress = setup.Account.Exchange.BaseAddress };
        for (var i = 0; i < 5; i++)
        {
            using var info = await direct.GetAsync("/api/v3/exchangeInfo");
            Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        }

        // 20 + 100 + 20 = 140 reported by this answer: two more accounts (180) fit under 190, a third does not.
        using var first = await sidecar.Client.GetAsync("/binance/api/v3/account");
        Assert.Equal("140", Assert.Single(first.Headers.GetValues("X-MBX-USED-WEIGHT-1M")));
        using var second = await sidecar.Client.GetAsync("/binance/api/v3/account");
        using var third = await sidecar.Client.GetAsync("/binance/api/v3/account");
        using var fourth = await sidecar.Client.GetAsync("/binance/api/v3/account");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
            [first.StatusCode, second.StatusCode, third.StatusCode, fourth.StatusCode]);
        Assert.Equal(0, setup.Account.Exchange.Limits.Rejections);
    }

    private static async Task HoldAsync(SidecarUnderTest sidecar)
    {
        await Eventually.UntilAsync(async () =>
        {
            using var response = await sidecar.Client.GetAsync("/binance/api/v3/account");
            return response.StatusCode == HttpStatusCode.TooManyRequests;
        }, "the venue to be held");
    }

    private async Task<Setup> StartAsync(bool alerts)
    {
        var clock = new TestClock();
        var now = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(60 - now.Second + 15) - TimeSpan.FromMilliseconds(now.Millisecond));
        var account = await BinanceAccount.CreateAsync(token, time: clock, spotWeightPerMinute: WeightPerMinute);
        var receiver = alerts ? await AlertReceiver.StartAsync() : null;
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.binance.com"),
        });
        config["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("binance") }; // no probes: the fake counts every request
        if (receiver is not null)
        {
            config["Alerts"] = new JsonObject { ["Webhook"] = receiver.Url, ["DebounceSeconds"] = 0 };
        }

        var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: false, clock);
        await Eventually.UntilAsync(async () => await PublishedLimitAsync(sidecar) == WeightPerMinute, "the limit read from the fake's exchangeInfo");
        return new Setup(clock, account, sidecar, receiver);
    }

    private static async Task<long> PublishedLimitAsync(SidecarUnderTest sidecar)
    {
        using var ready = await sidecar.Admin.GetAsync("/readyz");
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        foreach (var venue in json.RootElement.GetProperty("rateLimits").EnumerateArray())
        {
            foreach (var budget in venue.GetProperty("budgets").EnumerateArray())
            {
                if (budget.GetProperty("window").GetString() == "1m" && budget.GetProperty("counts").GetString() == "weight")
                {
                    return budget.GetProperty("limit").GetInt64();
                }
            }
        }

        return 0;
    }

    private static string Sample(string metric, string value) =>
        $"{metric}{{otel_scope_name=\"Sidecar\",counts=\"weight\",endpoint=\"*\",venue=\"binance\",window=\"1m\"}} {value}";

    private static IEnumerable<string> Lines(string metrics) => metrics.Split('\n').Select(l => l.Trim());

    private static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");

    private sealed record Setup(TestClock Clock, BinanceAccount Account, SidecarUnderTest Sidecar, AlertReceiver? Alerts) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Sidecar.DisposeAsync();
            await Account.DisposeAsync();
            if (Alerts is not null)
            {
                await Alerts.DisposeAsync();
            }
        }
    }
}
