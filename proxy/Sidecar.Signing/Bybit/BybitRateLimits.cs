namespace Sidecar.Signing.Bybit;

/// <summary>
/// Bybit v5 "Rate Limit" (bybit-exchange.github.io/docs/v5/rate-limit): 600 requests per 5 s per IP address (an
/// HTTP 403 beyond), and a limit per endpoint per UID (/v5/order/create: 10 to 20 per second by product), which each
/// answer reports for its endpoint: <c>X-Bapi-Limit-Status</c> (remaining), <c>X-Bapi-Limit</c> (the limit) and
/// <c>X-Bapi-Limit-Reset-Timestamp</c> (Unix ms). Until an endpoint's first answer, its limit is taken as 10 per
/// second, the lowest the page lists for order endpoints.
/// </summary>
internal static class BybitRateLimits
{
    public static readonly RateLimit PerIp = RateLimit.Fixed("5s", RateCount.Requests, TimeSpan.FromSeconds(5), 600);

    public static readonly RateLimit PerEndpoint = RateLimit.Fixed("1s", RateCount.Requests, TimeSpan.FromSeconds(1), 10)
        .Except("/v5/market/", "/order.", "/auth", "/ping").PerEndpoint().ReportedByHeaders();

    public static readonly RateLimitSet Set = new(
        [PerIp, PerEndpoint],
        [
            new("X-Bapi-Limit-Status", RateHeaderField.Remaining),
            new("X-Bapi-Limit", RateHeaderField.Limit),
            new("X-Bapi-Limit-Reset-Timestamp", RateHeaderField.ResetAt),
        ],
        source: "Bybit v5 docs: Rate Limit");
}
