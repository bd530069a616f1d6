using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Clock;

/// <summary>
/// Per-venue exchange clocks end to end: Sidecar learns each fake exchange's offset from its public time endpoint,
/// stamps what it signs with the corrected clock, reports offsets in readiness and metrics, and alerts on skew.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed partial class ClockSyncTests(SoftHsmToken token)
{
    private static readonly TimeSpan Ahead = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Behind = TimeSpan.FromSeconds(-3);

    [Theory]
    [InlineData("binance", 3000)]
    [InlineData("binance", -3000)]
    [InlineData("bybit", 3000)]
    [InlineData("bybit", -3000)]
    [InlineData("okx", 3000)]
    [InlineData("okx", -3000)]
    public async Task The_offset_is_learned_and_signed_requests_verify_within_the_default_window(string exchange, int offsetMs)
    {
        await using var fake = await ExchangeUnderClock.StartAsync(exchange, token, TimeSpan.FromMilliseconds(offsetMs));
        await using var sidecar = await SidecarUnderTest.StartAsync(Config(new JsonObject { ["v"] = fake.Venue }));

        var clock = await ClockOfAsync(sidecar, "v");
        using var response = await sidecar.Client.GetAsync("/v/" + fake.SignedQuery);

        Assert.Equal("skewed", clock["status"]!.GetValue<string>());
        Assert.InRange(clock["offsetMs"]!.GetValue<long>(), offsetMs - 500, offsetMs + 500);
        Assert.InRange(clock["uncertaintyMs"]!.GetValue<long>(), 0, 500);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((200, SignatureCheck.Valid, (string?)null), fake.LastSeen);
    }

    [Theory]
    [InlineData("binance", "-1021")]
    [InlineData("bybit", "10002")]
    public async Task Control_without_the_offset_an_exchange_3_s_behind_rejects_the_timestamp(string exchange, string code)
    {
        // The same request as above, with the venue opted out of clock sync: Sidecar stamps the local time, which is
        // 3 s ahead of this exchange's clock, beyond the 1 s both Binance and Bybit allow into the future.
        await using var fake = await ExchangeUnderClock.StartAsync(exchange, token, Behind);
        var config = Config(new JsonObject { ["v"] = fake.Venue });
        config["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("v") };
        await using var sidecar = await SidecarUnderTest.StartAsync(config);

        using var response = await sidecar.Client.GetAsync("/v/" + fake.SignedQuery);
        var clock = await ClockOfAsync(sidecar, "v");

        Assert.Equal("local", clock["status"]!.GetValue<string>());
        Assert.Equal((SignatureCheck.Valid, code), (fake.LastSeen.Signature, fake.LastSeen.Error));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restamp_replaces_a_bot_timestamp_from_a_wrong_clock(bool restamp)
    {
        // The bot stamps with the local clock, 3 s ahead of the exchange. Kept, Binance refuses it (-1021);
        // restamped, Sidecar's corrected timestamp is signed instead and accepted.
        await using var account = await BinanceAccount.CreateAsync(token, Behind);
        var config = Config(new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.binance.com") });
        config["Clock"] = new JsonObject { ["Restamp"] = restamp };
        await using var sidecar = await SidecarUnderTest.StartAsync(config);
        var botTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        using var response = await sidecar.Client.GetAsync($"/binance/api/v3/account?timestamp={botTimestamp}");

        var seen = Assert.Single(account.Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        if (restamp)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("timestamp=" + botTimestamp, seen.RawQuery, StringComparison.Ordinal);
            Assert.Single(TimestampsIn(seen.RawQuery));
        }
        else
        {
            Assert.Equal(-1021, seen.BinanceCode);
            Assert.Contains("timestamp=" + botTimestamp, seen.RawQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_failing_time_endpoint_keeps_readiness_503_with_a_reason_until_it_answers()
    {
        // Sidecar and this exchange share a clock the test moves on to the next sync, instead of waiting for it.
        var time = new TestClock();
        var answering = 0;
        await using var upstream = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            if (Volatile.Read(ref answering) == 0)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync("{\"code\":-1001,\"msg\":\"Internal error; unable to process your request. Please try again.\"}");
                return;
            }

            await context.Response.WriteAsync($"{{\"serverTime\":{time.GetUtcNow().ToUnixTimeMilliseconds()}}}");
        });
        var config = Config(new JsonObject { ["flaky"] = SidecarUnderTest.Venue("binance-hmac", upstream.BaseAddress, "k", SidecarKeyLabel(), "flaky.binance.test") });
        var syncInterval = TimeSpan.FromSeconds(5);
        config["Clock"] = new JsonObject { ["SyncIntervalSeconds"] = (int)syncInterval.TotalSeconds, ["MaxOffsetAgeSeconds"] = 10 };
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: false, time);

        var (status, body) = await ReadinessAsync(sidecar);
        var clock = VenueIn(body, "flaky");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unknown", clock["status"]!.GetValue<string>());
        Assert.Contains("/api/v3/time answered HTTP 503", clock["problem"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Internal error", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(sidecar.Logs.Lines, l => l.Contains("[601]", StringComparison.Ordinal) && l.Contains("flaky", StringComparison.Ordinal));

        Volatile.Write(ref answering, 1);
        await Eventually.UntilAsync(() => time.Armed(syncInterval) > 0, "the periodic sync to be scheduled");
        time.Advance(syncInterval);
        await Eventually.UntilAsync(async () => (await ReadinessAsync(sidecar)).Status == HttpStatusCode.OK, "readiness to recover at the next sync", TimeSpan.FromSeconds(15));

        Assert.Equal("synced", VenueIn((await ReadinessAsync(sidecar)).Body, "flaky")["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Venues_without_a_time_endpoint_never_hold_readiness_back()
    {
        // Bitfinex publishes no time endpoint; the upstream here answers nothing at all (a closed port).
        var config = Config(new JsonObject { ["bitfinex"] = SidecarUnderTest.Venue("bitfinex-v2", new Uri("http://127.0.0.1:9"), "k", SidecarKeyLabel(), "api.bitfinex.test") });
        await using var sidecar = await SidecarUnderTest.StartAsync(config);

        var (status, body) = await ReadinessAsync(sidecar);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("local", VenueIn(body, "bitfinex")["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_offset_metric_is_exported_per_venue_and_a_skew_alert_reaches_the_webhook()
    {
        var alerts = new ConcurrentQueue<JsonNode>();
        await using var webhook = await LoopbackServer.StartAsync(async context =>
        {
            alerts.Enqueue(JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        await using var account = await BinanceAccount.CreateAsync(token, Ahead);
        var config = Config(new JsonObject { ["skewed-venue"] = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "skewed.binance.test") });
        config["Alerts"] = new JsonObject { ["Webhook"] = new Uri(webhook.BaseAddress, "hook").ToString(), ["DebounceSeconds"] = 0 };
        await using var sidecar = await SidecarUnderTest.StartAsync(config);

        var (status, body) = await ReadinessAsync(sidecar);
        var metrics = await sidecar.Admin.GetStringAsync("/metrics");
        await Eventually.UntilAsync(() => alerts.Any(IsClockSkew), "the clock_skew alert at the webhook");

        // Beyond Clock:MaxSkewMs (1000 by default): unready, with the reason, the metric and the alert.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("beyond Clock:MaxSkewMs", VenueIn(body, "skewed-venue")["problem"]!.GetValue<string>(), StringComparison.Ordinal);
        var gauge = OffsetGauge().Match(metrics);
        Assert.True(gauge.Success, "no sidecar_clock_offset sample for venue skewed-venue in /metrics");
        Assert.InRange(double.Parse(gauge.Groups["value"].Value, CultureInfo.InvariantCulture), 2500, 3500);
        var alert = Assert.Single(alerts, IsClockSkew);
        Assert.Contains("ahead of", alert["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(account.Secret, alert.ToJsonString(), StringComparison.Ordinal);

        static bool IsClockSkew(JsonNode a) => a["event"]?.GetValue<string>() == "clock_skew" && a["venue"]?.GetValue<string>() == "skewed-venue";
    }

    [GeneratedRegex("""sidecar_clock_offset_milliseconds\{[^}]*venue="skewed-venue"[^}]*\} (?<value>-?[0-9.e+]+)""")]
    private static partial Regex OffsetGauge();

    private JsonObject Config(JsonObject venues) => SidecarUnderTest.Config(token, venues);

    private string SidecarKeyLabel()
    {
        var label = TestSecrets.Label("clock");
        token.ImportHmac(label, System.Text.Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        return label;
    }

    private static IEnumerable<string> TimestampsIn(string query) =>
        query.Split('&').Where(p => p.StartsWith("timestamp=", StringComparison.Ordinal));

    private static async Task<JsonObject> ClockOfAsync(SidecarUnderTest sidecar, string venue) => VenueIn((await ReadinessAsync(sidecar)).Body, venue);

    private static async Task<(HttpStatusCode Status, JsonObject Body)> ReadinessAsync(SidecarUnderTest sidecar)
    {
        using var response = await sidecar.Admin.GetAsync("/readyz");
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static JsonObject VenueIn(JsonObject readiness, string venue) =>
        readiness["clock"]!["venues"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == venue)!.AsObject();
}
