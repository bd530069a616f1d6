using System.Diagnostics.Metrics;
using System.Text.Json;
using Sidecar.Admin;
using Sidecar.Telemetry;

namespace Sidecar.Hosting;

/// <summary>
/// Readiness part <c>"config"</c>: which configuration generation is serving, when and how the last reload went,
/// the errors of the last rejected one and the settings that wait for a restart. A rejected reload leaves the
/// previous configuration serving, so it never makes the sidecar unready; it is counted in
/// <c>sidecar.config.reloads{result="rejected"}</c> for alerting.
/// </summary>
internal sealed class ReloadStatus : IReadinessCheck
{
    private static readonly Counter<long> Reloads =
        SidecarTelemetry.Meter.CreateCounter<long>("sidecar.config.reloads", "{reload}", "Configuration reloads, by result (applied, rejected)");

    private readonly TimeProvider _clock;
    private volatile Snapshot _snapshot;

    public ReloadStatus(TimeProvider clock)
    {
        _clock = clock;
        _snapshot = new Snapshot(Generation: 1, LastReload: null, LastResult: null, LastTrigger: null, RestartRequired: [], LastRejected: null, LastRejectedErrors: []);
    }

    public string Name => "config";

    public bool Ready => true;

    /// <summary>The generation serving: 1 at start-up, one more per applied reload.</summary>
    public int Generation => _snapshot.Generation;

    public void Applied(string trigger, IReadOnlyList<string> restartRequired)
    {
        var before = _snapshot;
        _snapshot = before with { Generation = before.Generation + 1, LastReload = _clock.GetUtcNow(), LastResult = "applied", LastTrigger = trigger, RestartRequired = restartRequired };
        Reloads.Add(1, new KeyValuePair<string, object?>("result", "applied"));
    }

    public void Rejected(string trigger, IReadOnlyList<string> errors)
    {
        var now = _clock.GetUtcNow();
        _snapshot = _snapshot with { LastReload = now, LastResult = "rejected", LastTrigger = trigger, LastRejected = now, LastRejectedErrors = errors };
        Reloads.Add(1, new KeyValuePair<string, object?>("result", "rejected"));
    }

    public void WriteDetails(Utf8JsonWriter json)
    {
        var snapshot = _snapshot;
        json.WriteStartObject();
        json.WriteNumber("generation", snapshot.Generation);
        WriteTime(json, "lastReload", snapshot.LastReload);
        json.WriteString("lastResult", snapshot.LastResult);
        json.WriteString("lastTrigger", snapshot.LastTrigger);
        WriteList(json, "restartRequired", snapshot.RestartRequired);
        WriteTime(json, "lastRejected", snapshot.LastRejected);
        WriteList(json, "lastRejectedErrors", snapshot.LastRejectedErrors);
        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            json.WriteString(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string> items)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStringValue(item);
        }

        json.WriteEndArray();
    }

    private sealed record Snapshot(
        int Generation,
        DateTimeOffset? LastReload,
        string? LastResult,
        string? LastTrigger,
        IReadOnlyList<string> RestartRequired,
        DateTimeOffset? LastRejected,
        IReadOnlyList<string> LastRejectedErrors);
}
