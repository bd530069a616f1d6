using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Sidecar.Proxy;
using Sidecar.Telemetry;

namespace Sidecar.Governor;

/// <summary>
/// <c>sidecar.ratelimit.used</c> and <c>sidecar.ratelimit.limit</c>: each governed venue's budgets as the governor
/// sees them, tagged <c>venue</c> (the venue that keeps the limits), <c>window</c> (<c>1m</c>, <c>10s</c>, <c>1d</c>,
/// <c>counter</c> …), <c>counts</c> (<c>weight</c>, <c>orders</c>, <c>requests</c>) and <c>endpoint</c> (<c>*</c> for a
/// venue-wide limit, the endpoint-table row for a per-endpoint one). Read from the venue tables in force when scraped.
/// </summary>
internal static class GovernorMetrics
{
    private static readonly ConcurrentDictionary<VenueDirectory, byte> Watched = new();

    static GovernorMetrics()
    {
        SidecarTelemetry.Meter.CreateObservableGauge("sidecar.ratelimit.used", () => Observe(used: true), "{unit}",
            "How much of each exchange limit is used in its current window: Sidecar's count raised to the exchange's reported one");
        SidecarTelemetry.Meter.CreateObservableGauge("sidecar.ratelimit.limit", () => Observe(used: false), "{unit}",
            "Each exchange limit in force: published or reported by the exchange, else documented");
    }

    /// <summary>Reports the governors of <paramref name="venues"/> until <see cref="Forget"/>.</summary>
    public static void Watch(VenueDirectory venues) => Watched.TryAdd(venues, 0);

    public static void Forget(VenueDirectory venues) => Watched.TryRemove(venues, out _);

    /// <summary>The governors of the venues in force, each once (venues sharing limits share one).</summary>
    public static List<WeightGovernor> GovernorsOf(VenueTable table)
    {
        var governors = new List<WeightGovernor>();
        foreach (var venue in table.All)
        {
            if (venue.Limits.Governor is { } governor && !governors.Contains(governor))
            {
                governors.Add(governor);
            }
        }

        return governors;
    }

    private static IEnumerable<Measurement<double>> Observe(bool used)
    {
        foreach (var venues in Watched.Keys)
        {
            foreach (var governor in GovernorsOf(venues.Current))
            {
                foreach (var budget in governor.Read())
                {
                    yield return new Measurement<double>(used ? budget.Used : budget.Limit,
                        new KeyValuePair<string, object?>("venue", governor.Venue),
                        new KeyValuePair<string, object?>("window", budget.Window),
                        new KeyValuePair<string, object?>("counts", CountsTag(budget.Counts)),
                        new KeyValuePair<string, object?>("endpoint", budget.Endpoint));
                }
            }
        }
    }

    public static string CountsTag(Signing.RateLimits.RateCount counts) => counts switch
    {
        Signing.RateLimits.RateCount.Weight => "weight",
        Signing.RateLimits.RateCount.Orders => "orders",
        _ => "requests",
    };
}
