namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>
/// Coinbase Advanced Trade "Rate Limits" (docs.cdp.coinbase.com): 30 requests per second per user for the private
/// REST endpoints, 10 per second per IP for the public market endpoints (<c>/api/v3/brokerage/market/</c>). Coinbase
/// reports neither in headers.
/// </summary>
internal static class CoinbaseAdvancedRateLimits
{
    private const string Market = "/api/v3/brokerage/market/";

    public static readonly RateLimit Private = RateLimit.Fixed("1s", RateCount.Requests, TimeSpan.FromSeconds(1), 30).Except(Market);

    public static readonly RateLimit Public = RateLimit.Fixed("public-1s", RateCount.Requests, TimeSpan.FromSeconds(1), 10).Only(Market);

    public static readonly RateLimitSet Set = new([Private, Public], source: "Coinbase Advanced Trade docs: Rate Limits");
}
