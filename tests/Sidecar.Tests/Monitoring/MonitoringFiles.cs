using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sidecar.Tests.Infrastructure;
using YamlDotNet.Serialization;

namespace Sidecar.Tests.Monitoring;

/// <summary>One alerting rule of k8s/monitoring/sidecar.rules.yaml.</summary>
internal sealed record AlertRule(string Group, string Alert, string Expr, string? For, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

/// <summary>One PromQL expression of the Grafana dashboard: where it is, and the query as Grafana sends it.</summary>
internal sealed record DashboardQuery(string Where, string Expr);

/// <summary>What k8s/monitoring ships: the rules file, its promtool unit tests, the PrometheusRule and the dashboard.</summary>
internal static partial class MonitoringFiles
{
    public static string Directory => Path.Combine(RepoPaths.Root, "k8s", "monitoring");

    public static string Rules => Path.Combine(Directory, "sidecar.rules.yaml");

    public static string RuleTests => Path.Combine(Directory, "sidecar.rules.test.yaml");

    public static string PrometheusRule => Path.Combine(Directory, "prometheusrule.yaml");

    public static string Dashboard => Path.Combine(Directory, "sidecar-dashboard.json");

    /// <summary>A YAML document as plain maps, lists and strings.</summary>
    public static object Yaml(string path) => new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(path))
        ?? throw new InvalidOperationException($"{path} is empty");

    public static IReadOnlyList<AlertRule> AlertRules()
    {
        var rules = new List<AlertRule>();
        foreach (var group in List(Map(Yaml(Rules))["groups"]))
        {
            var groupMap = Map(group);
            foreach (var rule in List(groupMap["rules"]))
            {
                var r = Map(rule);
                rules.Add(new AlertRule(
                    (string)groupMap["name"],
                    r.TryGetValue("alert", out var alert) ? (string)alert : throw new Xunit.Sdk.XunitException("a rule without 'alert:' (recording rules do not belong in this file)"),
                    (string)r["expr"],
                    r.TryGetValue("for", out var @for) ? (string)@for : null,
                    Strings(r, "labels"),
                    Strings(r, "annotations")));
            }
        }

        return rules;
    }

    /// <summary>
    /// Every PromQL expression of the dashboard: each panel target's <c>expr</c> (rows' nested panels included) and
    /// the metric selector inside each variable's <c>label_values(…)</c> query.
    /// </summary>
    public static IReadOnlyList<DashboardQuery> DashboardQueries()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Dashboard))!;
        var queries = new List<DashboardQuery>();
        foreach (var panel in Panels(dashboard["panels"]!.AsArray()))
        {
            foreach (var target in panel["targets"]?.AsArray() ?? [])
            {
                var expr = target!["expr"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"panel '{panel["title"]}': a target without expr");
                queries.Add(new DashboardQuery($"panel '{panel["title"]}' target {target["refId"]}", expr));
            }
        }

        foreach (var variable in dashboard["templating"]!["list"]!.AsArray())
        {
            if (variable!["type"]!.GetValue<string>() != "query")
            {
                continue;
            }

            var query = variable["query"] is JsonObject q ? q["query"]!.GetValue<string>() : variable["query"]!.GetValue<string>();
            var labelValues = LabelValues().Match(query);
            Assert.True(labelValues.Success, $"variable '{variable["name"]}': only label_values(selector, label) queries are checked, not '{query}'");
            queries.Add(new DashboardQuery($"variable '{variable["name"]}'", labelValues.Groups["selector"].Value));
        }

        return queries;
    }

    /// <summary>
    /// A dashboard query as Prometheus will see it: Grafana's interval variables become durations, and the
    /// dashboard's own variables (only ever inside regex matchers, as <c>=~"$venue"</c>) match everything.
    /// </summary>
    public static string AsPromQl(string expr) => GrafanaVariable().Replace(expr, m => m.Groups["name"].Value switch
    {
        "__rate_interval" or "__interval" => "1m",
        "__range" => "1h",
        _ => ".*",
    });

    private static IEnumerable<JsonNode> Panels(JsonArray panels)
    {
        foreach (var panel in panels)
        {
            yield return panel!;
            foreach (var nested in Panels(panel!["panels"]?.AsArray() ?? []))
            {
                yield return nested;
            }
        }
    }

    /// <summary>Two YAML documents hold the same data, whatever the order of map keys.</summary>
    public static bool YamlEquals(object? a, object? b) => (a, b) switch
    {
        (Dictionary<object, object> x, Dictionary<object, object> y) =>
            x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var v) && YamlEquals(p.Value, v)),
        (List<object> x, List<object> y) => x.Count == y.Count && x.Zip(y).All(p => YamlEquals(p.First, p.Second)),
        _ => Equals(a, b),
    };

    public static Dictionary<object, object> Map(object node) =>
        node as Dictionary<object, object> ?? throw new Xunit.Sdk.XunitException($"expected a YAML map, found {node.GetType().Name}");

    public static List<object> List(object node) =>
        node as List<object> ?? throw new Xunit.Sdk.XunitException($"expected a YAML list, found {node.GetType().Name}");

    private static Dictionary<string, string> Strings(Dictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var value) ? Map(value).ToDictionary(p => (string)p.Key, p => (string)p.Value) : [];

    [GeneratedRegex(@"^\s*label_values\(\s*(?<selector>.+),\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\$\{?(?<name>[a-zA-Z_][a-zA-Z0-9_]*)\}?", RegexOptions.CultureInvariant)]
    private static partial Regex GrafanaVariable();
}
