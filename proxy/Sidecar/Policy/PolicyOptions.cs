namespace Sidecar.Policy;

/// <summary>Config <c>Venues:{name}:Policy</c>: what this venue's key may be used for.</summary>
public sealed class PolicyOptions
{
    /// <summary><c>trade</c> (read + trade), <c>read-only</c>, or <c>none</c> (only the Allow rules).</summary>
    public string Profile { get; set; } = PolicyDefaults.Profile;

    /// <summary>"METHOD /path" rules that allow endpoints the profile does not; Deny wins.</summary>
    public List<string> Allow { get; set; } = [];

    /// <summary>"METHOD /path" rules that refuse endpoints whatever else allows them.</summary>
    public List<string> Deny { get; set; } = [];

    /// <summary>Symbols orders may name, as the exchange spells them (case-insensitive). Empty: any.</summary>
    public List<string> Symbols { get; set; } = [];

    public decimal? MaxOrderQuantity { get; set; }

    /// <summary>Largest price × quantity per order, in the quote currency, where both are in the request.</summary>
    public decimal? MaxOrderNotional { get; set; }

    /// <summary>Order types allowed (case-insensitive), e.g. ["LIMIT"]. Empty: any.</summary>
    public List<string> AllowedOrderTypes { get; set; } = [];

    /// <summary>Sustained requests per second to this venue (token bucket refill). 0 disables the limit.</summary>
    public double RequestsPerSecond { get; set; } = PolicyDefaults.RequestsPerSecond;

    /// <summary>Requests allowed at once above the sustained rate (bucket size).</summary>
    public int Burst { get; set; } = PolicyDefaults.Burst;

    /// <summary>Orders (requests that place orders) per rolling 10 seconds. 0 disables the limit.</summary>
    public int OrdersPer10Seconds { get; set; } = PolicyDefaults.OrdersPer10Seconds;
}

/// <summary>Defaults, and why.</summary>
public static class PolicyDefaults
{
    /// <summary>What a trading bot needs and nothing more: no withdrawals, transfers or key management.</summary>
    public const string Profile = "trade";

    /// <summary>
    /// Guard rails against a runaway bot, well above what exchanges allow a single key (Binance: 6,000 request
    /// weight per minute, 100 orders per 10 s per account; Bybit: 10–20 orders/s per endpoint), so the exchange's
    /// own limits bite first in normal operation. Tune per venue.
    /// </summary>
    public const double RequestsPerSecond = 50;

    public const int Burst = 100;

    public const int OrdersPer10Seconds = 100;
}
