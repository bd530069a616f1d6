using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sidecar.Tests.EndToEnd.HsmAvailability;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Monitoring;

/// <summary>
/// The rules and the dashboard against the real thing: Debian's Prometheus scraping a running <c>sidecar run</c>
/// whose HSM is SoftHSM2 served by <c>p11-kit server</c>, as in the isolated deployment. Killing the server is the
/// HSM going away; starting it again is its return.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed partial class PrometheusScrapeTests(SoftHsmToken token)
{
    private const string HsmAlert = "SidecarHsmUnavailable";

    /// <summary>Ample for Prometheus' first scrape, which its target discovery delays by about 5 s.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Stopping_the_HSM_fires_the_HSM_alert_and_its_return_resolves_it()
    {
        await using var setup = BinanceProcessSetup.Create(token, "prometheus");
        var socket = Path.Combine(setup.Directory, "p11-kit.sock");
        var hsm = P11KitServer.Start(socket);
        try
        {
            setup.Config["Hsm"] = HsmScenario.Hsm(RepoPaths.P11KitClientModule, SoftHsmToken.TokenLabel, token.PinFile);
            var sidecar = await setup.StartAsync(new Dictionary<string, string> { ["P11_KIT_SERVER_ADDRESS"] = "unix:path=" + socket });
            await using var prometheus = await PrometheusServer.StartAsync(sidecar.AdminUrl.Authority, RulesWithShortFor(setup.Directory));
            var rule = Assert.Single(MonitoringFiles.AlertRules(), r => r.Alert == HsmAlert);

            // The HSM signs: Prometheus has scraped it so, and the rule's expression selects nothing.
            using (var signed = await setup.Bot.GetAsync("binance/api/v3/account"))
            {
                Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
            }

            await Eventually.UntilAsync(async () => (await prometheus.QueryAsync("sidecar_hsm_available{hsm=\"default\"} == 1")).Count == 1,
                "Prometheus to scrape sidecar_hsm_available{hsm=\"default\"} 1", Patience);
            Assert.Empty(await prometheus.QueryAsync(rule.Expr));
            Assert.Null(await AlertAsync(prometheus));

            // The HSM goes away; the next signed request finds it gone and is refused, and the alert fires.
            hsm.Dispose();
            using (var refused = await setup.Bot.GetAsync("binance/api/v3/account"))
            {
                await SidecarErrors.AssertAsync(refused, 503, "hsm_unavailable");
            }

            var firing = await Eventually.UntilAsync(() => AlertAsync(prometheus), a => a?["state"]?.GetValue<string>() == "firing",
                $"{HsmAlert} to fire", Patience);
            var labels = firing!["labels"]!;
            Assert.Equal("default", labels["hsm"]?.GetValue<string>());
            Assert.Equal("critical", labels["severity"]?.GetValue<string>());
            Assert.Equal(PrometheusServer.Job, labels["job"]?.GetValue<string>());
            Assert.Equal($"Sidecar {sidecar.AdminUrl.Authority} cannot sign with HSM 'default'", firing["annotations"]!["summary"]!.GetValue<string>());

            // The HSM is back: Sidecar reconnects by itself, and the alert resolves.
            hsm = P11KitServer.Start(socket);
            await Eventually.UntilAsync(async () => await AlertAsync(prometheus) is null, $"{HsmAlert} to resolve", Patience);
            using (var signedAgain = await setup.Bot.GetAsync("binance/api/v3/account"))
            {
                Assert.Equal(HttpStatusCode.OK, signedAgain.StatusCode);
            }

            await EveryRuleEvaluatedWithoutErrorAsync(prometheus);
            await EveryDashboardQueryRunsAsync(prometheus);
        }
        finally
        {
            hsm.Dispose();
        }
    }

    /// <summary>
    /// The shipped rules with every <c>for:</c> cut to 1 s. What this test proves is that each expression, as shipped,
    /// matches the series the real exporter serves when the real HSM goes away, and stops matching when it returns.
    /// Waiting out the shipped minute would add a minute to every CI run to test only Prometheus' own handling of
    /// <c>for:</c>, which the promtool unit tests (sidecar.rules.test.yaml) already check to the minute.
    /// </summary>
    private static string RulesWithShortFor(string directory)
    {
        var shipped = File.ReadAllText(MonitoringFiles.Rules);
        var shortened = ForDuration().Replace(shipped, "${indent}for: 1s");
        Assert.NotEqual(shipped, shortened);
        var path = Path.Combine(directory, "sidecar.rules.yaml");
        File.WriteAllText(path, shortened);
        return path;
    }

    private static async Task<JsonNode?> AlertAsync(PrometheusServer prometheus) =>
        (await prometheus.AlertsAsync()).SingleOrDefault(a => a!["labels"]!["alertname"]!.GetValue<string>() == HsmAlert);

    /// <summary>Every rule has been evaluated on real series, and none failed (a bad label match, duplicate series).</summary>
    private static async Task EveryRuleEvaluatedWithoutErrorAsync(PrometheusServer prometheus)
    {
        var rules = (await prometheus.ApiAsync("api/v1/rules"))["groups"]!.AsArray()
            .SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!).ToList();

        Assert.Equal(MonitoringFiles.AlertRules().Select(r => r.Alert).Order(StringComparer.Ordinal), rules.Select(r => r["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(rules, r => Assert.True(r["health"]!.GetValue<string>() == "ok", $"{r["name"]}: {r["health"]} {r["lastError"]}\n{prometheus.Log}"));
    }

    /// <summary>Every dashboard query runs; the HSM and request panels show the sidecar's real series.</summary>
    private static async Task EveryDashboardQueryRunsAsync(PrometheusServer prometheus)
    {
        foreach (var query in MonitoringFiles.DashboardQueries())
        {
            var result = await prometheus.QueryAsync(MonitoringFiles.AsPromQl(query.Expr));
            if (query.Where.StartsWith("panel 'HSM state'", StringComparison.Ordinal) || query.Where.StartsWith("panel 'Requests by decision'", StringComparison.Ordinal))
            {
                Assert.True(result.Count > 0, $"{query.Where}: no series for {query.Expr}");
            }
        }
    }

    [GeneratedRegex(@"^(?<indent>[ \t]+)for: \S+[ \t]*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ForDuration();
}
