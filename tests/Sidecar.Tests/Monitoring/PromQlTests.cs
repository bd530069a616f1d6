namespace Sidecar.Tests.Monitoring;

public sealed class PromQlTests
{
    [Theory]
    [InlineData("up", "up")]
    [InlineData("sidecar_hsm_available == 0", "sidecar_hsm_available")]
    [InlineData("increase(sidecar_hsm_errors_total[5m]) > 0", "sidecar_hsm_errors_total")]
    [InlineData("sum without (rule) (increase(sidecar_policy_refusals_total{rule=\"category withdrawal\"}[1m])) >= 10", "sidecar_policy_refusals_total")]
    [InlineData("sum(rate(a_total[5m])) by (venue, le)", "a_total")]
    [InlineData("count without(rule) (a) + max by(x)(b) + byte + without_total", "a b byte without_total")]
    [InlineData("histogram_quantile(0.99, sum by (le, venue) (rate(x_bucket{venue=~\"$venue\"}[$__rate_interval])))", "x_bucket")]
    [InlineData("max_over_time(used[2m]) / (limit > 0) > 0.8", "used limit")]
    [InlineData("a unless on (job, instance) b and c or d", "a b c d")]
    [InlineData("a * on (hsm) group_left (key) b", "a b")]
    [InlineData("a * on (hsm) group_left b", "a b")]
    [InlineData("label_replace(a{hsm=~\".+\\\\.standby\"} == 1, \"hsm\", \"$1\", \"hsm\", \"(.+)\\\\.standby\")", "a")]
    [InlineData("time() - last_success_seconds > 600", "last_success_seconds")]
    [InlineData("a offset 5m >= bool 1e3", "a")]
    [InlineData("abs(x) > Inf or y < NaN", "x y")]
    [InlineData("rate(a[5m:30s]) # a comment naming b", "a")]
    [InlineData("topk(3, sum by (venue) (namespace:recorded:rate5m))", "namespace:recorded:rate5m")]
    [InlineData("ALERTS{alertname=~\"Sidecar.*\", alertstate=\"firing\"}", "ALERTS")]
    public void Finds_the_metric_names_an_expression_reads(string expr, string names)
    {
        Assert.Equal(names.Split(' '), PromQl.MetricNames(expr));
    }

    [Fact]
    public void Refuses_a_selector_by_name_it_cannot_check()
    {
        Assert.Throws<NotSupportedException>(() => PromQl.MetricNames("{__name__=~\"sidecar_.*\"}"));
    }
}
