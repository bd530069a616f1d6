using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Tests.EndToEnd.HsmAvailability;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Reconcile;

/// <summary>
/// Orders Sidecar never signed, found by polling the fake Binance's order lists (openOrders, and allOrders for each
/// symbol Sidecar signed an order for) every 5 s of a test clock shared with the fake. The fake holds the orders
/// booked through Sidecar (one with the bot's client order id, one to which Sidecar added its own) and one placed
/// straight at the fake with the same key, as a copied key would: exactly that one is reported, at the second poll.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BinanceReconcileTests(SoftHsmToken token) : IDisposable
{
    private const int IntervalSeconds = 5;

    private readonly string _directory = Directory.CreateTempSubdirectory("sidecar-reconcile-").FullName;

    [Fact]
    public async Task An_order_placed_elsewhere_with_the_key_is_reported_once_within_two_polls_and_orders_Sidecar_signed_never_are()
    {
        var clock = new TestClock();
        await using var account = await BinanceAccount.CreateAsync(token, time: clock);
        await using var alerts = await AlertReceiver.StartAsync();
        var auditPath = Path.Combine(_directory, "audit.jsonl");
        var venue = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.binance.com");
        venue["Reconcile"] = new JsonObject { ["IntervalSeconds"] = IntervalSeconds, ["ClientOrderIdPrefix"] = "sc-test-" };
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = venue });
        config["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("binance") };
        config["Alerts"] = new JsonObject { ["Webhook"] = alerts.Url, ["DebounceSeconds"] = 0 };
        config["Audit"] = new JsonObject { ["Path"] = auditPath };
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: false, clock);

        // Two orders through Sidecar: one with the bot's client order id, one without, to which Sidecar adds its own.
        using var named = await sidecar.Client.PostAsync("/binance/api/v3/order", Form(Order("bot-1")));
        using var unnamed = await sidecar.Client.PostAsync("/binance/api/v3/order", Form(Order(clientOrderId: null)));
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unnamed.StatusCode);
        var added = JsonNode.Parse(await unnamed.Content.ReadAsStringAsync())!["clientOrderId"]!.GetValue<string>();
        Assert.StartsWith("sc-test-", added, StringComparison.Ordinal);
        Assert.Equal(28, added.Length);

        // One straight at the exchange with the same key: what a copy of the key would do.
        using var direct = new HttpClient { BaseAddress = account.Exchange.BaseAddress };
        using var elsewhere = await direct.SendAsync(Signed(account, clock, HttpMethod.Post, "/api/v3/order", Order("not-from-sidecar")));
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        var unknownId = JsonNode.Parse(await elsewhere.Content.ReadAsStringAsync())!["orderId"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);

        // First poll: the order is a suspect (its answer could still be on its way); nothing is reported yet.
        await PollAsync(sidecar, clock, polls: 1);
        Assert.DoesNotContain(alerts.Alerts, IsUnknownOrder);
        Assert.Equal(0, await UnknownOrdersAsync(sidecar));

        // Second poll: reported, once.
        await PollAsync(sidecar, clock, polls: 2);
        await Eventually.UntilAsync(() => alerts.Alerts.Any(IsUnknownOrder), "the unknown_order alert at the webhook");
        var alert = Assert.Single(alerts.Alerts, IsUnknownOrder);
        var message = alert["message"]!.GetValue<string>();
        Assert.Equal("binance", alert["venue"]!.GetValue<string>());
        Assert.Contains($"order {unknownId} (symbol BTCUSDT, client order id not-from-sidecar)", message, StringComparison.Ordinal);
        Assert.DoesNotContain(account.Secret, alert.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, await UnknownOrdersAsync(sidecar));

        var metrics = await sidecar.Admin.GetStringAsync("/metrics");
        Assert.Contains("sidecar_reconcile_unknown_orders_total{otel_scope_name=\"Sidecar\",venue=\"binance\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("sidecar_reconcile_last_success_seconds{otel_scope_name=\"Sidecar\",venue=\"binance\"} " + clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            metrics, StringComparison.Ordinal);

        await sidecar.FlushAuditAsync();
        var record = Assert.Single(File.ReadAllLines(auditPath).Select(l => JsonNode.Parse(l)!), r => r["decision"]!.GetValue<string>() == "unknown_order");
        Assert.Equal(("binance", "/api/v3/openOrders", "reconcile"), (record["venue"]!.GetValue<string>(), record["path"]!.GetValue<string>(), record["rule"]!.GetValue<string>()));
        Assert.Equal(unknownId, record["order"]!["orderId"]!.GetValue<string>());
        Assert.Equal("not-from-sidecar", record["order"]!["clientOrderId"]!.GetValue<string>());

        // A third poll reports nothing new.
        await PollAsync(sidecar, clock, polls: 3);
        Assert.Single(alerts.Alerts, IsUnknownOrder);
        Assert.Equal(1, await UnknownOrdersAsync(sidecar));

        // sidecar doctor, beside the running sidecar, reads the same from its /readyz.
        config["Admin"] = sidecar.Admin.BaseAddress!.ToString();
        var doctor = await Sidecar.Tests.Doctor.DoctorRun.RunAsync(config);
        Assert.Equal("fail", doctor.Status("exchange.reconcile", "binance"));
        Assert.StartsWith("1 orders at the exchange that Sidecar never signed since it started (last reconciled ", doctor.Reason("exchange.reconcile", "binance"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60, "unknown", "no running sidecar answered at ")]
    [InlineData(0, "warn", "Venues:binance:Reconcile:IntervalSeconds is 0: an order placed with this key elsewhere would go unnoticed")]
    public async Task Without_a_running_sidecar_or_with_reconciliation_off_the_doctor_says_so(int interval, string status, string reason)
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        var venue = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.binance.com");
        venue["Reconcile"] = new JsonObject { ["IntervalSeconds"] = interval };
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = venue });
        config["Admin"] = "http://127.0.0.1:9"; // nothing listens on the discard port

        var doctor = await Sidecar.Tests.Doctor.DoctorRun.RunAsync(config);

        Assert.Equal(status, doctor.Status("exchange.reconcile", "binance"));
        Assert.StartsWith(reason, doctor.Reason("exchange.reconcile", "binance"), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static bool IsUnknownOrder(JsonNode alert) => alert["event"]?.GetValue<string>() == "unknown_order";

    private static string Order(string? clientOrderId) =>
        "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=50000" + (clientOrderId is null ? "" : "&newClientOrderId=" + clientOrderId);

    private static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");

    /// <summary>A request signed here with the account's secret, as a bot holding a copy of the key would sign it.</summary>
    private static HttpRequestMessage Signed(BinanceAccount account, TestClock clock, HttpMethod method, string path, string parameters)
    {
        var query = parameters + "&timestamp=" + clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(account.Secret), Encoding.ASCII.GetBytes(query)));
        var request = new HttpRequestMessage(method, path + "?" + query + "&signature=" + signature);
        request.Headers.Add("X-MBX-APIKEY", account.ApiKey);
        return request;
    }

    /// <summary>Moves the clock one interval on and waits until the venue has been polled <paramref name="polls"/> times in all.</summary>
    private static async Task PollAsync(SidecarUnderTest sidecar, TestClock clock, int polls)
    {
        clock.Advance(TimeSpan.FromSeconds(IntervalSeconds));
        await Eventually.UntilAsync(async () => await PollsAsync(sidecar) >= polls, $"reconcile poll {polls}");
    }

    private static async Task<int> PollsAsync(SidecarUnderTest sidecar) =>
        (int)(await StatusAsync(sidecar)).GetProperty("polls").GetInt64();

    private static async Task<long> UnknownOrdersAsync(SidecarUnderTest sidecar) =>
        (await StatusAsync(sidecar)).GetProperty("unknownOrders").GetInt64();

    private static async Task<JsonElement> StatusAsync(SidecarUnderTest sidecar)
    {
        using var ready = await sidecar.Admin.GetAsync("/readyz");
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var venue = Assert.Single(json.RootElement.GetProperty("reconcile").GetProperty("venues").EnumerateArray());
        Assert.False(venue.TryGetProperty("problem", out var problem), problem.ToString());
        return venue.Clone();
    }
}
