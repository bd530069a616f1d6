namespace Sidecar.Tests.Monitoring;

/// <summary>
/// k8s/monitoring/sidecar.rules.yaml: valid for Prometheus, unit-tested by promtool case by case, the same rules in
/// the PrometheusRule, and reading only metrics Sidecar exports.
/// </summary>
public sealed class AlertRuleTests
{
    [Fact]
    public async Task Promtool_accepts_the_rules_file()
    {
        var check = await Promtool.RunAsync("check", "rules", MonitoringFiles.Rules);

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains($"SUCCESS: {MonitoringFiles.AlertRules().Count} rules found", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_unit_tests_of_the_rules_pass()
    {
        var test = await Promtool.RunAsync("test", "rules", MonitoringFiles.RuleTests);

        Assert.True(test.ExitCode == 0, test.Output);
        Assert.Contains("SUCCESS", test.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rule_has_a_unit_test_where_it_fires_and_one_where_it_does_not()
    {
        var firing = new HashSet<string>(StringComparer.Ordinal);
        var quiet = new HashSet<string>(StringComparer.Ordinal);
        var tests = MonitoringFiles.Map(MonitoringFiles.Yaml(MonitoringFiles.RuleTests));
        Assert.Equal("sidecar.rules.yaml", Assert.Single(MonitoringFiles.List(tests["rule_files"])));
        foreach (var test in MonitoringFiles.List(tests["tests"]))
        {
            foreach (var evaluation in MonitoringFiles.List(MonitoringFiles.Map(test)["alert_rule_test"]))
            {
                var e = MonitoringFiles.Map(evaluation);
                var expected = e.TryGetValue("exp_alerts", out var alerts) ? MonitoringFiles.List(alerts) : [];
                (expected.Count > 0 ? firing : quiet).Add((string)e["alertname"]);
            }
        }

        var rules = MonitoringFiles.AlertRules().Select(r => r.Alert).ToList();
        Assert.Empty(rules.Except(firing));
        Assert.Empty(rules.Except(quiet));
        Assert.Empty(firing.Union(quiet).Except(rules)); // no test of a rule that is gone
    }

    [Fact]
    public void Every_rule_says_how_urgent_it_is_what_happened_and_what_to_do()
    {
        var rules = MonitoringFiles.AlertRules();

        Assert.Equal(rules.Count, rules.Select(r => r.Alert).Distinct().Count());
        Assert.All(rules, rule =>
        {
            Assert.Contains(rule.Labels.GetValueOrDefault("severity"), (string[])["critical", "warning"]);
            Assert.NotNull(rule.For);
            Assert.StartsWith("Sidecar", rule.Alert, StringComparison.Ordinal); // the dashboard lists ALERTS{alertname=~"Sidecar.*"}
            Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("summary")), $"{rule.Alert}: no summary");
            var description = rule.Annotations.GetValueOrDefault("description") ?? "";
            Assert.True(description.Length >= 120, $"{rule.Alert}: the description must say what happened and what to do: '{description}'");
        });
    }

    /// <summary>What issue #21 asks an operator be woken (or warned) for, and the metric each rule reads.</summary>
    [Theory]
    [InlineData("SidecarHsmUnavailable", "critical", "sidecar_hsm_available")]
    [InlineData("SidecarHsmFailedOver", "critical", "sidecar_hsm_active_role")]
    [InlineData("SidecarHsmStandbyUnavailable", "warning", "sidecar_hsm_available")]
    [InlineData("SidecarAuditUnavailable", "critical", "sidecar_audit_available")]
    [InlineData("SidecarAuditFailures", "warning", "sidecar_audit_failures_total")]
    [InlineData("SidecarSigningErrors", "warning", "sidecar_hsm_errors_total")]
    [InlineData("SidecarClockSkew", "warning", "sidecar_clock_offset_milliseconds")]
    [InlineData("SidecarUpstreamAuthFailure", "critical", "sidecar_upstream_auth_failures_total")]
    [InlineData("SidecarPolicyRefusalBurst", "warning", "sidecar_policy_refusals_total")]
    [InlineData("SidecarWithdrawalAttempt", "critical", "sidecar_policy_refusals_total")]
    [InlineData("SidecarKeyTooOld", "warning", "sidecar_key_age_days")]
    [InlineData("SidecarRateLimitNear", "warning", "sidecar_ratelimit_used")]
    [InlineData("SidecarExchangeBackoff", "critical", "sidecar_ratelimit_refusals_total")]
    [InlineData("SidecarUnknownOrder", "critical", "sidecar_reconcile_unknown_orders_total")]
    [InlineData("SidecarReconcileStale", "warning", "sidecar_reconcile_last_success_seconds")]
    public void The_issue_s_alerts_exist_with_their_severity(string alert, string severity, string metric)
    {
        var rule = Assert.Single(MonitoringFiles.AlertRules(), r => r.Alert == alert);

        Assert.Equal(severity, rule.Labels["severity"]);
        Assert.Contains(metric, PromQl.MetricNames(rule.Expr));
    }

    [Fact]
    public async Task Every_rule_reads_only_metrics_Sidecar_exports()
    {
        var exported = await ExportedMetrics.GetAsync();

        Assert.All(MonitoringFiles.AlertRules(), rule =>
        {
            Assert.NotEmpty(PromQl.MetricNames(rule.Expr));
            Assert.True(MetricReferences.Unknown(rule.Expr, exported) is [], $"{rule.Alert} reads metrics Sidecar does not export: {string.Join(", ", MetricReferences.Unknown(rule.Expr, exported))}");
        });
    }

    [Fact]
    public void The_PrometheusRule_carries_exactly_the_rules_of_the_rules_file()
    {
        var manifest = MonitoringFiles.Map(MonitoringFiles.Yaml(MonitoringFiles.PrometheusRule));

        Assert.Equal("monitoring.coreos.com/v1", manifest["apiVersion"]);
        Assert.Equal("PrometheusRule", manifest["kind"]);
        Assert.True(MonitoringFiles.YamlEquals(MonitoringFiles.Yaml(MonitoringFiles.Rules), manifest["spec"]),
            "prometheusrule.yaml's spec differs from sidecar.rules.yaml: run k8s/monitoring/render-prometheusrule.sh");
    }
}
