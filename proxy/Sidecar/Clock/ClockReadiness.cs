using System.Text.Json;
using Sidecar.Admin;

namespace Sidecar.Clock;

/// <summary>
/// Readiness part <c>"clock"</c>: unready while a venue with a time endpoint has no current offset, or one beyond
/// <c>Clock:MaxSkewMs</c>. Venues on the local clock (no endpoint, or opted out) never hold readiness back.
/// </summary>
internal sealed class ClockReadiness(ClockSynchronizer clocks) : IReadinessCheck
{
    public string Name => "clock";

    public bool Ready
    {
        get
        {
            foreach (var venue in clocks.Venues)
            {
                if (venue.Endpoint is not null && !IsGood(venue.Read()))
                {
                    return false;
                }
            }

            return true;
        }
    }

    public void WriteDetails(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("maxSkewMs", clocks.Options.MaxSkewMs);
        json.WriteBoolean("restamp", clocks.Options.Restamp);
        json.WriteStartArray("venues");
        foreach (var venue in clocks.Venues)
        {
            json.WriteStartObject();
            json.WriteString("name", venue.Name);
            if (venue.Endpoint is null)
            {
                json.WriteString("status", "local");
                json.WriteString("reason", venue.LocalReason);
                json.WriteEndObject();
                continue;
            }

            var state = venue.Read();
            json.WriteString("endpoint", venue.Endpoint.Path);
            json.WriteString("status", !state.Known ? "unknown" : IsGood(state) ? "synced" : "skewed");
            if (state.Known)
            {
                json.WriteNumber("offsetMs", state.OffsetMilliseconds);
                json.WriteNumber("uncertaintyMs", state.UncertaintyMilliseconds);
                json.WriteNumber("roundTripMs", Math.Round(state.RoundTripMilliseconds, 1));
                json.WriteString("lastSync", state.LastSync!.Value);
            }

            json.WriteNumber("failures", state.Failures);
            if (!state.Known)
            {
                json.WriteString("problem", state.Problem is null
                    ? "the exchange's clock has not been measured yet"
                    : $"the exchange's clock is unknown: {state.Problem}");
            }
            else if (!IsGood(state))
            {
                json.WriteString("problem", $"offset {state.OffsetMilliseconds} ms is beyond Clock:MaxSkewMs ({clocks.Options.MaxSkewMs}); check the host's time synchronisation");
            }
            else if (state.Problem is not null)
            {
                json.WriteString("lastProblem", state.Problem);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private bool IsGood(VenueClockStatus.Snapshot state) => state.Known && Math.Abs(state.OffsetMilliseconds) <= clocks.Options.MaxSkewMs;
}
