namespace Sidecar.Tests.Monitoring;

/// <summary>Which metric names a rule or a panel reads that Sidecar does not export.</summary>
internal static class MetricReferences
{
    /// <summary>
    /// Series Prometheus makes itself: <c>up</c> for every scrape (SidecarDown reads it), <c>ALERTS</c> for every
    /// pending or firing alert (the dashboard's table of firing alerts).
    /// </summary>
    private static readonly HashSet<string> Prometheus = new(StringComparer.Ordinal) { "up", "ALERTS" };

    public static IReadOnlyList<string> Unknown(string promQl, ExportedMetrics.Exported exported) =>
        [.. PromQl.MetricNames(promQl).Where(name => !Prometheus.Contains(name) && !exported.SeriesNames.Contains(name)).Distinct()];
}
