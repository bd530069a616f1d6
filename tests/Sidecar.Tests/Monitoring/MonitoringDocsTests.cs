using System.Reflection;
using Sidecar.Alerts;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Monitoring;

/// <summary>The pages an operator reads name exactly the events, rules and metrics that exist.</summary>
public sealed class MonitoringDocsTests
{
    private static string Docs(string page) => Path.Combine(RepoPaths.Root, "docs", page);

    [Fact]
    public void Docs_alerts_lists_every_alert_event_and_no_other()
    {
        var events = typeof(AlertEvents).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

        Assert.Equal(events.Order(StringComparer.Ordinal), FirstColumn(Docs("alerts.md"), "## Events").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Docs_alerts_lists_every_Prometheus_rule_and_no_other()
    {
        Assert.Equal(MonitoringFiles.AlertRules().Select(r => r.Alert).Order(StringComparer.Ordinal),
            FirstColumn(Docs("alerts.md"), "## Prometheus rules").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Docs_metrics_lists_every_metric_Sidecar_exports_and_no_other()
    {
        var exported = await ExportedMetrics.GetAsync();

        Assert.Equal(exported.FamilyNames.Order(StringComparer.Ordinal), FirstColumn(Docs("metrics.md"), "## Sidecar's metrics").Order(StringComparer.Ordinal));
    }

    /// <summary>The first cell of each row of the table under <paramref name="heading"/>, without backticks.</summary>
    private static List<string> FirstColumn(string path, string heading)
    {
        var lines = File.ReadAllLines(path);
        var start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"{path} has no '{heading}'");
        var cells = new List<string>();
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            if (lines[i].StartsWith('|') && !lines[i].StartsWith("| ---", StringComparison.Ordinal))
            {
                cells.Add(lines[i].Split('|')[1].Trim().Trim('`'));
            }
        }

        Assert.True(cells.Count > 1, $"no table under '{heading}' in {path}");
        return cells.Skip(1).ToList(); // the header row
    }
}
