using System.Diagnostics.Metrics;
using Sidecar.Telemetry;

namespace Sidecar.Audit;

/// <summary>
/// The open audit logs, for the <c>sidecar.audit.available</c> gauge: 1 while a log can be written (and flushed),
/// 0 while it cannot. No measurement without an audit log.
/// </summary>
internal static class AuditAvailability
{
    private static readonly LiveSet<AuditLog> Logs = new();

    public static void Add(AuditLog log) => Logs.Add(log);

    public static void Remove(AuditLog log) => Logs.Remove(log);

    public static IEnumerable<Measurement<int>> Observe()
    {
        var logs = Logs.Snapshot();
        var measurements = new Measurement<int>[logs.Length];
        for (var i = 0; i < logs.Length; i++)
        {
            measurements[i] = new Measurement<int>(logs[i].Failure is null ? 1 : 0);
        }

        return measurements;
    }
}
