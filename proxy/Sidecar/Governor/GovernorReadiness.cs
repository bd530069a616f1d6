using System.Text.Json;
using Sidecar.Admin;
using Sidecar.Proxy;

namespace Sidecar.Governor;

/// <summary>
/// <c>"rateLimits"</c> in <c>/readyz</c>: each governed venue's budgets (used, limit, seconds to reset) and the last
/// read of its published limits. Never makes the sidecar unready: a venue near its limits is held request by request.
/// </summary>
internal sealed class GovernorReadiness(VenueDirectory venues, PublishedLimits published) : IReadinessCheck
{
    public string Name => "rateLimits";

    public bool Ready => true;

    public void WriteDetails(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        foreach (var governor in GovernorMetrics.GovernorsOf(venues.Current))
        {
            json.WriteStartObject();
            json.WriteString("venue", governor.Venue);
            json.WriteNumber("reserve", governor.Reserve);
            if (published.StatusOf(governor) is { } status)
            {
                json.WriteStartObject("published");
                json.WriteString("path", status.Path);
                if (status.LastRead is { } lastRead)
                {
                    json.WriteString("lastRead", lastRead);
                }

                json.WriteNumber("limits", status.Taken);
                if (status.Problem is not null)
                {
                    json.WriteString("problem", status.Problem);
                }

                json.WriteEndObject();
            }

            json.WriteStartArray("budgets");
            foreach (var budget in governor.Read())
            {
                json.WriteStartObject();
                json.WriteString("window", budget.Window);
                json.WriteString("counts", GovernorMetrics.CountsTag(budget.Counts));
                json.WriteString("endpoint", budget.Endpoint);
                json.WriteNumber("used", Math.Round(budget.Used, 2));
                json.WriteNumber("limit", budget.Limit);
                json.WriteNumber("resetsInSeconds", Math.Round(budget.ResetsIn.TotalSeconds, 1));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
