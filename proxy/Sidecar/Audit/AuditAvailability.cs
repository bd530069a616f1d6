using System.Diagnostics.Metrics;

namespace Sidecar.Audit;

/// <summary>
/// The open audit logs, for the <c>sidecar.audit.available</c> gauge: 1 while a log can be written (and flushed),
/// 0 while it cannot. No measurement without an audit log.
/// </summary>
internal static class AuditAvailability
{
    private static readonly Lock Gate = new();
    private static readonly List<AuditLog> Logs = [];

    public static void Add(AuditLog log)
    {
        lock (Gate)
        {
            Logs.Add(log);
        }
    }

    public static void Remove(AuditLog log)
    {
        lock (Gate)
        {
            Logs.Remove(log);
        }
    }

    public static IEnumerable<Measurement<int>> Observe()
    {
        lock (Gate)
        {
            var measurements = new Measurement<int>[Logs.Count];
            for (var i = 0; i < Logs.Count; i++)
            {
                measurements[i] = new Measurement<int>(Logs[i].Failure is null ? 1 : 0);
            }

            return measurements;
        }
    }
}
