using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Sidecar.Alerts;
using Sidecar.Logging;
using Sidecar.Pkcs11;
using Sidecar.Proxy;

namespace Sidecar.Telemetry;

/// <summary>Key age in days, from the creation date kept on the token: a gauge, a start-up warning, an alert.</summary>
internal static partial class KeyAges
{
    private static readonly Dictionary<string, DateOnly> Created = new(StringComparer.Ordinal);

    static KeyAges()
    {
        SidecarTelemetry.Meter.CreateObservableGauge("sidecar.key.age", Observe, "d", "Days since each signing key was created or imported");
    }

    /// <summary>
    /// Reads each venue's key creation date (at start-up and on every configuration reload: the gauge then shows
    /// only the keys in use) and warns about keys older than Keys:MaxAgeDays.
    /// </summary>
    /// <returns>Each venue's key and its creation date (null when the token keeps none), for readiness.</returns>
    public static IReadOnlyList<VenueKeyAge> Watch(Sidecar.Hosting.HsmSet hsms, VenueTable venues, KeysOptions options, AlertSink alerts, ILogger logger)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var report = new List<VenueKeyAge>();
        var inUse = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var venue in venues.All)
        {
            var label = venue.Credentials.Key.Label;
            var found = hsms.For(venue.Definition.HsmName).Primary.FindKey(label)?.Created;
            report.Add(new VenueKeyAge(venue.Name, label, found));
            if (found is not { } created)
            {
                continue;
            }

            inUse[label] = created;

            var age = today.DayNumber - created.DayNumber;
            if (age > options.MaxAgeDays)
            {
                Log.KeyTooOld(logger, label, age, options.MaxAgeDays);
                alerts.Raise(AlertEvents.KeyTooOld, "warning", venue.Name,
                    $"key '{label}' is {age} days old, older than Keys:MaxAgeDays ({options.MaxAgeDays}): rotate it");
            }
        }

        lock (Created)
        {
            Created.Clear();
            foreach (var (label, created) in inUse)
            {
                Created[label] = created;
            }
        }

        return report;
    }

    private static IEnumerable<Measurement<int>> Observe()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        KeyValuePair<string, DateOnly>[] snapshot;
        lock (Created)
        {
            snapshot = [.. Created];
        }

        foreach (var (label, created) in snapshot)
        {
            yield return new Measurement<int>(today.DayNumber - created.DayNumber, new KeyValuePair<string, object?>("key", label));
        }
    }

    /// <summary>Days from <paramref name="created"/> to today (UTC).</summary>
    public static int AgeInDays(DateOnly created) => DateOnly.FromDateTime(DateTime.UtcNow).DayNumber - created.DayNumber;

    private static partial class Log
    {
        [LoggerMessage(EventIds.KeyTooOld, LogLevel.Warning, "Key {KeyLabel} is {Age} days old, older than Keys:MaxAgeDays ({MaxAgeDays}): rotate it")]
        public static partial void KeyTooOld(ILogger logger, string keyLabel, int age, int maxAgeDays);
    }
}
