using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.HsmAvailability;

/// <summary>
/// The standby HSM (issue #10): two SoftHSM2 tokens holding the same HMAC secret under one label, the primary
/// served by <c>p11-kit server</c> and killed under steady concurrent signed traffic. No request leaves unsigned,
/// the standby signs within the recovery budget, the audit says which HSM signed, and signing returns to the
/// primary once its server is back.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class HsmStandbyTests(SoftHsmToken token)
{
    private const int Workers = 4;

    [Fact]
    public async Task Signing_moves_to_the_standby_when_the_primary_dies_and_back_when_it_returns()
    {
        var second = SecondSoftHsmToken.Of(token);
        var (exchange, apiKey, label) = await HsmScenario.AccountAsync((l, s) => token.ImportHmac(l, s), second.ImportHmac);
        await using var _1 = exchange;
        await using var alerts = await AlertReceiver.StartAsync();
        var (server, socket) = HsmScenario.Serve(token, SoftHsmToken.TokenLabel);
        var auditPath = Path.Combine(token.Directory, $"standby-{Guid.NewGuid():N}.log");
        var venue = SidecarUnderTest.Venue("binance-hmac", exchange.BaseAddress, apiKey, label);
        venue["Policy"] = new JsonObject { ["RequestsPerSecond"] = 0 };
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = venue });
        var hsm = HsmScenario.Hsm(RepoPaths.P11KitClientModule, SoftHsmToken.TokenLabel, token.PinFile);
        hsm["Standby"] = HsmScenario.Hsm(RepoPaths.SoftHsmModule, SecondSoftHsmToken.TokenLabel, second.PinFile);
        config["Hsm"] = hsm;
        config["Audit"] = new JsonObject { ["Path"] = auditPath };
        config["Alerts"] = new JsonObject { ["Webhook"] = alerts.Url, ["DebounceSeconds"] = 0 };
        await using var sidecar = await SidecarUnderTest.StartAsync(config);
        var answers = new ConcurrentQueue<(HttpStatusCode Status, string? SidecarError)>();
        using var stop = new CancellationTokenSource();
        var traffic = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await sidecar.Client.GetAsync("/binance/api/v3/account");
                answers.Enqueue((response.StatusCode, response.Headers.TryGetValues("X-Sidecar-Error", out var code) ? code.Single() : null));
                await Task.Delay(10);
            }
        })).ToArray();
        try
        {
            await Eventually.UntilAsync(() => answers.Any(a => a.Status == HttpStatusCode.OK), "a request signed by the primary");
            server.Dispose();
            await Eventually.UntilAsync(async () => await ActiveAsync(sidecar) == "standby", "the standby to take over", TimeSpan.FromSeconds(5));
            var onStandby = answers.Count;
            await Eventually.UntilAsync(() => answers.Skip(onStandby).Any(a => a.Status == HttpStatusCode.OK), "a request signed while the primary was down");

            server = P11KitServer.Start(socket, SoftHsmToken.TokenLabel);
            await Eventually.UntilAsync(async () => await ActiveAsync(sidecar) == "primary", "signing to return to the primary", TimeSpan.FromSeconds(15));

            // Each worker has at most one request that began before the switch back: one more answer is the primary's.
            var onPrimary = answers.Count;
            await Eventually.UntilAsync(() => answers.Skip(onPrimary).Count(a => a.Status == HttpStatusCode.OK) > Workers, "requests signed after the return to the primary");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(traffic);
            server.Dispose();
        }

        // Every request got the exchange's answer or a 503 from Sidecar; the exchange saw only valid signatures.
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK || (a.Status == HttpStatusCode.ServiceUnavailable && a.SidecarError == "hsm_unavailable"), $"{a.Status} {a.SidecarError}"));
        Assert.All(exchange.Requests, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        Assert.Equal(answers.Count(a => a.Status == HttpStatusCode.OK), exchange.Requests.Count);

        // The audit says which HSM signed: primary, then the standby, then the primary again.
        await sidecar.FlushAuditAsync();
        var signedBy = File.ReadLines(auditPath).Select(l => JsonNode.Parse(l)!)
            .Where(r => r["decision"]?.GetValue<string>() == "signed").Select(r => r["hsm"]?.GetValue<string>()).ToList();
        var firstStandby = signedBy.IndexOf("default.standby");
        Assert.True(firstStandby > 0, "no record signed by the standby after the primary");
        Assert.Equal("default", signedBy[0]);
        Assert.Contains("default", signedBy.Skip(signedBy.LastIndexOf("default.standby")));

        var (_, readiness) = await HsmScenario.ReadinessAsync(sidecar);
        Assert.True(readiness["hsms"]!["default"]!["switches"]!.GetValue<long>() >= 2);
        await Eventually.UntilAsync(() => alerts.Received("hsm_failover"), "an hsm_failover alert");
        var metrics = await sidecar.Admin.GetStringAsync("/metrics");
        Assert.Contains("sidecar_hsm_switches_total", metrics, StringComparison.Ordinal);
        Assert.Contains("sidecar_hsm_active_role", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hung_primary_hands_signing_to_the_standby_and_gets_it_back_after_SIGCONT()
    {
        var second = SecondSoftHsmToken.Of(token);
        var (exchange, apiKey, label) = await HsmScenario.AccountAsync((l, s) => token.ImportHmac(l, s), second.ImportHmac);
        await using var _1 = exchange;
        var (server, _) = HsmScenario.Serve(token, SoftHsmToken.TokenLabel);
        using var _2 = server;
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", exchange.BaseAddress, apiKey, label) });
        var hsm = HsmScenario.Hsm(RepoPaths.P11KitClientModule, SoftHsmToken.TokenLabel, token.PinFile, signTimeoutMs: 500);
        hsm["Standby"] = HsmScenario.Hsm(RepoPaths.SoftHsmModule, SecondSoftHsmToken.TokenLabel, second.PinFile);
        config["Hsm"] = hsm;
        await using var sidecar = await SidecarUnderTest.StartAsync(config);

        server.Pause();
        try
        {
            // The sign caught inside the hung primary is answered 503; the next ones are signed by the standby.
            using (var stuck = await sidecar.Client.PostAsync("/binance/api/v3/order", HsmScenario.Form(HsmScenario.Order(0))))
            {
                await SidecarErrors.AssertAsync(stuck, 503, "hsm_unavailable");
            }

            using (var onStandby = await sidecar.Client.PostAsync("/binance/api/v3/order", HsmScenario.Form(HsmScenario.Order(1))))
            {
                Assert.Equal(HttpStatusCode.OK, onStandby.StatusCode);
            }

            Assert.Equal("standby", await ActiveAsync(sidecar));
        }
        finally
        {
            server.Resume();
        }

        await Eventually.UntilAsync(async () => await ActiveAsync(sidecar) == "primary", "signing to return to the primary after SIGCONT");
        using (var back = await sidecar.Client.GetAsync("/binance/api/v3/account"))
        {
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        }

        // Only the standby's order reached the exchange; the late signature of the stuck one was discarded.
        var orders = exchange.Requests.Where(r => r.Path == "/api/v3/order").ToList();
        Assert.Equal("price=50001", Assert.Single(orders).Body.Split('&').Single(p => p.StartsWith("price=", StringComparison.Ordinal)));
        Assert.All(exchange.Requests, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
    }

    private static async Task<string?> ActiveAsync(SidecarUnderTest sidecar)
    {
        var (_, readiness) = await HsmScenario.ReadinessAsync(sidecar);
        return readiness["hsms"]?["default"]?["active"]?.GetValue<string>();
    }
}
