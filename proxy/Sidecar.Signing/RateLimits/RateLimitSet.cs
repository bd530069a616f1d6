namespace Sidecar.Signing.RateLimits;

/// <summary>
/// An exchange's limits for a venue on one host (Binance spot, USD-M and COIN-M hosts have different ones): the
/// documented limits, the headers in which the exchange reports them, and where the exchange publishes its current
/// limits (Binance's <c>exchangeInfo</c>). A limit of a row's own (<see cref="Policy.ExchangeEndpoint.OwnLimit"/>)
/// comes from the endpoint table.
/// </summary>
public sealed class RateLimitSet
{
    public RateLimitSet(IReadOnlyList<RateLimit> limits, IReadOnlyList<RateLimitHeader>? headers = null, LimitsEndpoint? published = null, string source = "")
    {
        Limits = limits;
        Headers = headers ?? [];
        Published = published;
        Source = source;
        foreach (var header in Headers)
        {
            if (header.Limit is { } limit && !Contains(limits, limit))
            {
                throw new ArgumentException($"header {header.Name} reports a limit that is not in the set");
            }
        }
    }

    /// <summary>No limit is known: nothing is governed (the reason is in <see cref="Source"/>).</summary>
    public static RateLimitSet None(string reason) => new([], source: reason);

    /// <summary>The venue's limits (and per-endpoint defaults: <see cref="RateScope.Endpoint"/>), in a fixed order.</summary>
    public IReadOnlyList<RateLimit> Limits { get; }

    public IReadOnlyList<RateLimitHeader> Headers { get; }

    /// <summary>Where the exchange publishes its current limits; null when only the documentation and headers tell them.</summary>
    public LimitsEndpoint? Published { get; }

    /// <summary>Where the numbers come from (the exchange's documentation page), for the docs and the doctor.</summary>
    public string Source { get; }

    /// <summary>The header's index in <see cref="Headers"/>, or -1; compares without allocating.</summary>
    public int HeaderIndex(string name)
    {
        for (var i = 0; i < Headers.Count; i++)
        {
            if (string.Equals(Headers[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Contains(IReadOnlyList<RateLimit> limits, RateLimit limit)
    {
        foreach (var candidate in limits)
        {
            if (ReferenceEquals(candidate, limit))
            {
                return true;
            }
        }

        return false;
    }
}
