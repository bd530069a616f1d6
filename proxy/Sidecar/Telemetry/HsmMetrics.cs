using System.Diagnostics.Metrics;
using Sidecar.Hosting;
using Sidecar.Pkcs11;

namespace Sidecar.Telemetry;

/// <summary>
/// HSM availability: which HSM of each primary/standby pair signs (<c>sidecar.hsm.active_role</c>: 0 primary,
/// 1 standby), whether each connection can sign, and switches between the two. The instruments are created once;
/// running hosts register their HSM sets.
/// </summary>
internal static class HsmMetrics
{
    private static readonly LiveSet<HsmSet> Sets = new();

    private static readonly Counter<long> Switches =
        SidecarTelemetry.Meter.CreateCounter<long>("sidecar.hsm.switches", "{switch}", "Moves between an HSM and its standby, by HSM and the role moved to");

    static HsmMetrics()
    {
        SidecarTelemetry.Meter.CreateObservableGauge("sidecar.hsm.active_role", ObserveRoles, "{role}", "Which HSM of a primary/standby pair signs: 0 primary, 1 standby");
        SidecarTelemetry.Meter.CreateObservableGauge("sidecar.hsm.available", ObserveAvailability, "{bool}", "1 when the HSM connection can sign, 0 when it is hung, reconnecting or refused the PIN");
    }

    public static void Track(HsmSet set) => Sets.Add(set);

    public static void Untrack(HsmSet set) => Sets.Remove(set);

    public static void CountSwitch(string hsm, HsmRole role) =>
        Switches.Add(1, new KeyValuePair<string, object?>("hsm", hsm), new KeyValuePair<string, object?>("role", role == HsmRole.Primary ? "primary" : "standby"));

    private static HsmSet[] Snapshot() => Sets.Snapshot();

    private static IEnumerable<Measurement<int>> ObserveRoles()
    {
        foreach (var set in Snapshot())
        {
            foreach (var group in set.Groups)
            {
                if (group.Failover is { } failover)
                {
                    yield return new Measurement<int>((int)failover.Active, new KeyValuePair<string, object?>("hsm", group.Name));
                }
            }
        }
    }

    private static IEnumerable<Measurement<int>> ObserveAvailability()
    {
        foreach (var set in Snapshot())
        {
            foreach (var group in set.Groups)
            {
                foreach (var connection in group.Connections)
                {
                    yield return new Measurement<int>(connection.Unavailable is null ? 1 : 0, new KeyValuePair<string, object?>("hsm", connection.Name));
                }
            }
        }
    }
}
