using System.Text.Json;
using Sidecar.Admin;

namespace Sidecar.Telemetry;

/// <summary>
/// Readiness part <c>"keys"</c>: each venue's key, its creation date, age and whether it is older than
/// Keys:MaxAgeDays. An old key makes the sidecar unready only with Keys:EnforceMaxAge — otherwise it is reported
/// (here, in metrics, logs and alerts) and keeps signing. Ages are computed when asked, so a key crossing the
/// limit while the sidecar runs turns it unready without a reload.
/// </summary>
internal sealed class KeyAgeCheck : IReadinessCheck
{
    private volatile State _state;

    public KeyAgeCheck(IReadOnlyList<VenueKeyAge> keys, KeysOptions options)
    {
        _state = new State(keys, options.MaxAgeDays, options.EnforceMaxAge);
    }

    public string Name => "keys";

    public bool Ready
    {
        get
        {
            var state = _state;
            if (!state.Enforce)
            {
                return true;
            }

            foreach (var key in state.Keys)
            {
                if (IsTooOld(key, state.MaxAgeDays))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>After a configuration reload: the new venues' keys and the new limits.</summary>
    public void Update(IReadOnlyList<VenueKeyAge> keys, KeysOptions options) =>
        _state = new State(keys, options.MaxAgeDays, options.EnforceMaxAge);

    public void WriteDetails(Utf8JsonWriter json)
    {
        var state = _state;
        json.WriteStartObject();
        json.WriteNumber("maxAgeDays", state.MaxAgeDays);
        json.WriteBoolean("enforceMaxAge", state.Enforce);
        json.WriteStartArray("venues");
        foreach (var key in state.Keys)
        {
            json.WriteStartObject();
            json.WriteString("venue", key.Venue);
            json.WriteString("key", key.KeyLabel);
            if (key.Created is { } created)
            {
                json.WriteString("created", created.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteNumber("ageDays", KeyAges.AgeInDays(created));
            }
            else
            {
                json.WriteNull("created");
                json.WriteNull("ageDays");
            }

            json.WriteBoolean("tooOld", IsTooOld(key, state.MaxAgeDays));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static bool IsTooOld(VenueKeyAge key, int maxAgeDays) => key.Created is { } created && KeyAges.AgeInDays(created) > maxAgeDays;

    private sealed record State(IReadOnlyList<VenueKeyAge> Keys, int MaxAgeDays, bool Enforce);
}
