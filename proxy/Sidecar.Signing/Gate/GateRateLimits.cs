namespace Sidecar.Signing.Gate;

/// <summary>
/// Gate API v4 "Frequency limit rule": limits per endpoint (per IP for public endpoints, per UID for private ones):
/// 200 per 10 s for public endpoints, 150 per 10 s for most private ones, 10 per second for placing spot orders, 100
/// per second for futures orders, 200 per second for cancels. Each answer reports its endpoint's:
/// <c>X-Gate-RateLimit-Requests-Remain</c>, <c>X-Gate-RateLimit-Limit</c>, and <c>X-Gate-RateLimit-Reset-Timestamp</c>
/// (when the limit resets once exceeded; the current time otherwise).
/// </summary>
internal static class GateRateLimits
{
    public static readonly RateLimit PerEndpoint = RateLimit.Fixed("10s", RateCount.Requests, TimeSpan.FromSeconds(10), 150)
        .PerEndpoint().ReportedByHeaders();

    /// <summary>POST /spot/orders and /spot/batch_orders: 10 per second.</summary>
    public static readonly RateLimit SpotOrders = RateLimit.Fixed("1s", RateCount.Requests, TimeSpan.FromSeconds(1), 10)
        .PerEndpoint().ReportedByHeaders();

    /// <summary>Futures and delivery orders: 100 per second.</summary>
    public static readonly RateLimit FuturesOrders = SpotOrders.WithLimit(100);

    public static readonly RateLimitSet Set = new(
        [PerEndpoint],
        [
            new("X-Gate-RateLimit-Requests-Remain", RateHeaderField.Remaining),
            new("X-Gate-RateLimit-Limit", RateHeaderField.Limit),
            new("X-Gate-RateLimit-Reset-Timestamp", RateHeaderField.ResetAt),
        ],
        source: "Gate API v4 docs: Frequency limit rule");
}
