using System.Text.Json;
using Sidecar.Admin;
using Sidecar.Proxy;

namespace Sidecar.Reconcile;

/// <summary>
/// <c>"reconcile"</c> in <c>/readyz</c>: each reconciled venue's last poll, last success, result and the orders it
/// found Sidecar never signed; and why the other venues are not reconciled. Never makes the sidecar unready: an
/// unknown order is an alert, not a reason to stop signing. <c>sidecar doctor</c> reads it from here.
/// </summary>
internal sealed class ReconcileReadiness(Reconciler reconciler, VenueDirectory venues) : IReadinessCheck
{
    public const string PartName = "reconcile";

    public string Name => PartName;

    public bool Ready => true;

    public void WriteDetails(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartArray("venues");
        foreach (var status in reconciler.Statuses)
        {
            json.WriteStartObject();
            json.WriteString("name", status.Venue);
            json.WriteNumber("intervalSeconds", status.IntervalSeconds);
            if (status.LastPoll is { } lastPoll)
            {
                json.WriteString("lastPoll", lastPoll);
            }

            if (status.LastSuccess is { } lastSuccess)
            {
                json.WriteString("lastSuccess", lastSuccess);
            }

            json.WriteString("result", status.Result ?? (status.LastPoll is null ? "not polled yet: the first poll is one interval after start-up" : "no poll has succeeded"));
            json.WriteNumber("polls", status.Polls);
            json.WriteNumber("unknownOrders", status.UnknownOrders);
            json.WriteNumber("failures", status.Failures);
            if (status.Problem is not null)
            {
                json.WriteString("problem", status.Problem);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("off");
        foreach (var (venue, reason) in reconciler.NotReconciled(venues.Current))
        {
            json.WriteStartObject();
            json.WriteString("name", venue);
            json.WriteString("reason", reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
