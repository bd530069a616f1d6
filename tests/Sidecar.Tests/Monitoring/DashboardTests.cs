using System.Text.Json.Nodes;

namespace Sidecar.Tests.Monitoring;

/// <summary>
/// k8s/monitoring/sidecar-dashboard.json: every query is PromQL Prometheus accepts, reads only metrics Sidecar
/// exports, and the panels cover what an operator watches.
/// </summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task Every_query_is_PromQL_that_Prometheus_accepts()
    {
        var queries = MonitoringFiles.DashboardQueries();
        var directory = Directory.CreateTempSubdirectory("sidecar-dashboard-").FullName;
        try
        {
            // promtool parses expressions in rules files only: one recording rule per query.
            var rules = new System.Text.StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
            for (var i = 0; i < queries.Count; i++)
            {
                rules.Append($"      - record: dashboard:query_{i}\n        expr: {System.Text.Json.JsonSerializer.Serialize(MonitoringFiles.AsPromQl(queries[i].Expr))}\n");
            }

            var file = Path.Combine(directory, "dashboard.rules.yaml");
            await File.WriteAllTextAsync(file, rules.ToString());
            var check = await Promtool.RunAsync("check", "rules", file);

            var numbered = string.Join('\n', queries.Select((q, i) => $"dashboard:query_{i} = {q.Where}"));
            Assert.True(check.ExitCode == 0, check.Output + "\n" + numbered);
            Assert.Contains($"SUCCESS: {queries.Count} rules found", check.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Every_query_reads_only_metrics_Sidecar_exports()
    {
        var exported = await ExportedMetrics.GetAsync();

        Assert.All(MonitoringFiles.DashboardQueries(), query =>
        {
            var names = PromQl.MetricNames(MonitoringFiles.AsPromQl(query.Expr));
            Assert.NotEmpty(names);
            var unknown = MetricReferences.Unknown(MonitoringFiles.AsPromQl(query.Expr), exported);
            Assert.True(unknown is [], $"{query.Where} reads metrics Sidecar does not export: {string.Join(", ", unknown)}");
        });
    }

    /// <summary>What issue #21 asks the dashboard to show, and a metric that shows it.</summary>
    [Theory]
    [InlineData("requests", "sidecar_requests_total")]
    [InlineData("decisions", "sidecar_policy_refusals_total")]
    [InlineData("latency", "sidecar_request_duration_milliseconds_bucket")]
    [InlineData("signing time", "sidecar_hsm_sign_duration_milliseconds_bucket")]
    [InlineData("HSM state", "sidecar_hsm_available")]
    [InlineData("HSM state", "sidecar_hsm_active_role")]
    [InlineData("weight used", "sidecar_ratelimit_used")]
    [InlineData("WebSocket connections", "sidecar_websocket_connections")]
    public void A_panel_shows(string what, string metric)
    {
        Assert.True(
            MonitoringFiles.DashboardQueries().Any(q => q.Where.StartsWith("panel", StringComparison.Ordinal) && PromQl.MetricNames(MonitoringFiles.AsPromQl(q.Expr)).Contains(metric)),
            $"no panel shows {what} ({metric})");
    }

    [Fact]
    public void Panels_query_the_dashboard_s_data_source_and_have_unique_ids()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(MonitoringFiles.Dashboard))!;
        var panels = dashboard["panels"]!.AsArray().Select(p => p!).ToList();

        Assert.Equal("sidecar", dashboard["uid"]!.GetValue<string>());
        Assert.Equal(panels.Count, panels.Select(p => p["id"]!.GetValue<int>()).Distinct().Count());
        Assert.Contains(dashboard["templating"]!["list"]!.AsArray(), v => v!["type"]!.GetValue<string>() == "datasource" && v["name"]!.GetValue<string>() == "datasource");
        Assert.All(panels.Where(p => p["type"]!.GetValue<string>() != "row"), panel =>
        {
            Assert.Equal("${datasource}", panel["datasource"]!["uid"]!.GetValue<string>());
            Assert.NotEmpty(panel["targets"]!.AsArray());
            Assert.False(string.IsNullOrWhiteSpace(panel["description"]?.GetValue<string>()), $"panel '{panel["title"]}' has no description");
        });
    }

    [Theory]
    [InlineData("sidecar_hsm_availabel == 0", "sidecar_hsm_availabel")] // misspelt
    [InlineData("rate(sidecar_requests[5m])", "sidecar_requests")] // a counter is served with _total
    [InlineData("histogram_quantile(0.99, rate(sidecar_request_duration_bucket[5m]))", "sidecar_request_duration_bucket")] // and the unit
    [InlineData("rate(sidecar_request_duration_milliseconds[5m])", "sidecar_request_duration_milliseconds")] // a histogram as _bucket, _sum, _count
    public async Task A_metric_Sidecar_does_not_export_is_caught(string expr, string unknown)
    {
        Assert.Equal([unknown], MetricReferences.Unknown(expr, await ExportedMetrics.GetAsync()));
    }
}
