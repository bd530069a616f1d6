namespace Sidecar.Signing.CoinbaseExchange;

/// <summary>
/// Coinbase Exchange "Rate limits" (docs.cdp.coinbase.com/exchange): private endpoints 15 requests per second per
/// profile (bursts to 30), public ones 10 per second per IP (bursts to 15). Counted at the sustained rates in 1 s
/// windows; Coinbase reports neither in headers.
/// </summary>
internal static class CoinbaseExchangeRateLimits
{
    private static readonly string[] PublicPaths = ["/products", "/currencies", "/time"];

    public static readonly RateLimit Private = RateLimit.Fixed("1s", RateCount.Requests, TimeSpan.FromSeconds(1), 15).Except(PublicPaths);

    public static readonly RateLimit Public = RateLimit.Fixed("public-1s", RateCount.Requests, TimeSpan.FromSeconds(1), 10).Only(PublicPaths);

    public static readonly RateLimitSet Set = new([Private, Public], source: "Coinbase Exchange docs: Rate limits");
}
