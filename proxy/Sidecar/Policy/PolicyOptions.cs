namespace Sidecar.Policy;

/// <summary>Config <c>Venues:{name}:Policy</c>: what this venue's key may be used for.</summary>
internal sealed class PolicyOptions
{
    /// <summary><c>trade</c> (read + trade), <c>read-only</c>, or <c>none</c> (only the Allow rules).</summary>
    public string Profile { get; set; } = PolicyOptionsDefaults.Profile;

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
    public double RequestsPerSecond { get; set; } = PolicyOptionsDefaults.RequestsPerSecond;

    /// <summary>Requests allowed at once above the sustained rate (bucket size).</summary>
    public int Burst { get; set; } = PolicyOptionsDefaults.Burst;

    /// <summary>Orders (requests that place orders) per rolling 10 seconds. 0 disables the limit.</summary>
    public int OrdersPer10Seconds { get; set; } = PolicyOptionsDefaults.OrdersPer10Seconds;

    /// <summary>
    /// The fraction of each of the exchange's own limits Sidecar keeps free: a request that would take a limit past
    /// limit × (1 − WeightReserve) is held (429 <c>rate_limited</c>), except cancels, which the reserve is kept for.
    /// </summary>
    public double WeightReserve { get; set; } = PolicyOptionsDefaults.WeightReserve;

    /// <summary>
    /// Hold requests by the exchange's own limits (the default). False only for a stand-in exchange that does not
    /// limit (load tests): the limits are still tracked and reported, nothing is held by them.
    /// </summary>
    public bool ExchangeLimits { get; set; } = true;
}
