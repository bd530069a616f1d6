namespace Sidecar.Signing.RateLimits;

/// <summary>What a limit counts: endpoint weights, orders placed, or requests.</summary>
public enum RateCount
{
    /// <summary>Each request costs its endpoint's weight (<see cref="Policy.ExchangeEndpoint.Weight"/>).</summary>
    Weight,

    /// <summary>Each order a request places costs 1 (a batch of five costs 5); requests that place none cost nothing.</summary>
    Orders,

    /// <summary>Each request costs 1.</summary>
    Requests,
}

/// <summary>Which requests draw from one budget of a limit.</summary>
public enum RateScope
{
    /// <summary>One budget for the whole venue (Binance's IP weight per minute, KuCoin's resource pools).</summary>
    Venue,

    /// <summary>One budget per endpoint-table row (Bybit's, Gate's and OKX's per-endpoint limits).</summary>
    Endpoint,
}

/// <summary>
/// One limit an exchange documents: what it counts, over which window, up to how much, and which requests draw from
/// it. A window is either fixed (it starts on multiples of <see cref="Interval"/> in the exchange's time, Binance's
/// "a 1 MINUTE interval starts every minute", and its count then starts from zero) or a counter that decays by
/// <see cref="DecayPerSecond"/> (Kraken's API counter, Deribit's credits). The limit is the documented one; the
/// exchange may tell a current one (Binance's <c>exchangeInfo</c>, Bybit's <c>X-Bapi-Limit</c> header), which wins.
/// </summary>
public sealed class RateLimit
{
    private readonly string[] _only;
    private readonly string[] _except;

    private RateLimit(string window, RateCount counts, TimeSpan interval, double decayPerSecond, long limit, RateScope scope, bool reported, string[] only, string[] except)
    {
        ArgumentException.ThrowIfNullOrEmpty(window);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if ((interval > TimeSpan.Zero) == (decayPerSecond > 0))
        {
            throw new ArgumentException("a limit is either a fixed window (an interval) or a decaying counter (a decay rate)");
        }

        Window = window;
        Counts = counts;
        Interval = interval;
        DecayPerSecond = decayPerSecond;
        Limit = limit;
        Scope = scope;
        Reported = reported;
        _only = only;
        _except = except;
    }

    /// <summary>The window's name as metrics and messages show it: <c>1m</c>, <c>10s</c>, <c>1d</c>, <c>counter</c> ….</summary>
    public string Window { get; }

    public RateCount Counts { get; }

    /// <summary>The length of a fixed window; zero for a decaying counter.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How much a decaying counter loses per second; zero for a fixed window.</summary>
    public double DecayPerSecond { get; }

    /// <summary>The documented limit per window (or the counter's maximum); 0 when only the exchange's answers tell it.</summary>
    public long Limit { get; }

    public RateScope Scope { get; }

    /// <summary>
    /// The exchange reports this budget in the headers that name no limit of their own (<see cref="RateLimitHeader.Limit"/>
    /// null): the budget the request drew from, e.g. Bybit's per-endpoint limit, KuCoin's resource pool.
    /// </summary>
    public bool Reported { get; }

    /// <summary>A window of <paramref name="interval"/> that starts on its multiples in the exchange's time.</summary>
    public static RateLimit Fixed(string window, RateCount counts, TimeSpan interval, long limit) =>
        new(window, counts, interval, 0, limit, RateScope.Venue, false, [], []);

    /// <summary>A counter that each request raises by its cost and that falls by <paramref name="decayPerSecond"/>; at most <paramref name="limit"/>.</summary>
    public static RateLimit Decaying(string window, RateCount counts, long limit, double decayPerSecond) =>
        new(window, counts, TimeSpan.Zero, decayPerSecond, limit, RateScope.Venue, false, [], []);

    /// <summary>This limit, counted separately for each endpoint-table row.</summary>
    public RateLimit PerEndpoint() => new(Window, Counts, Interval, DecayPerSecond, Limit, RateScope.Endpoint, Reported, _only, _except);

    /// <summary>This limit, reported by the exchange's headers that name no limit of their own.</summary>
    public RateLimit ReportedByHeaders() => new(Window, Counts, Interval, DecayPerSecond, Limit, Scope, true, _only, _except);

    /// <summary>This limit, for requests whose path starts with one of <paramref name="prefixes"/> only.</summary>
    public RateLimit Only(params string[] prefixes) => new(Window, Counts, Interval, DecayPerSecond, Limit, Scope, Reported, prefixes, _except);

    /// <summary>This limit, for every request except those whose path starts with one of <paramref name="prefixes"/>.</summary>
    public RateLimit Except(params string[] prefixes) => new(Window, Counts, Interval, DecayPerSecond, Limit, Scope, Reported, _only, prefixes);

    /// <summary>This limit with another documented value (the same window on another product, another tier).</summary>
    public RateLimit WithLimit(long limit) => new(Window, Counts, Interval, DecayPerSecond, limit, Scope, Reported, _only, _except);

    /// <summary>
    /// Whether a request to the raw upstream <paramref name="path"/> draws from this limit. A WebSocket frame's path is
    /// <c>/{method}</c> (<c>/order.place</c>).
    /// </summary>
    public bool Applies(ReadOnlySpan<byte> path)
    {
        if (_only.Length > 0 && !StartsWithAny(path, _only))
        {
            return false;
        }

        return !StartsWithAny(path, _except);
    }

    public override string ToString() => $"{Counts.ToString().ToLowerInvariant()} {Window}";

    private static bool StartsWithAny(ReadOnlySpan<byte> path, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (StartsWith(path, prefix))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWith(ReadOnlySpan<byte> path, string prefix)
    {
        if (path.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (path[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }
}
