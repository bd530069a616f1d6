namespace Sidecar.Signing.Kraken;

/// <summary>
/// Kraken "Spot REST API rate limits" (docs.kraken.com): private REST calls raise a per-key counter by 1 (ledger and
/// trade history calls by 2), which decays by 0.33 per second and may reach 15 (Starter tier; Intermediate 20 at 0.5,
/// Pro 20 at 1); order placing and cancelling do not raise it but a separate trading counter (Starter: 60, decaying by
/// 1 per second; it is per pair, counted here per key, which is stricter). Kraken reports neither in headers; the
/// Starter values are what Sidecar counts against, the strictest tier.
/// </summary>
internal static class KrakenRateLimits
{
    public static readonly RateLimit ApiCounter = RateLimit.Decaying("counter", RateCount.Weight, 15, 0.33).Only("/0/private/");

    public static readonly RateLimit TradingCounter = RateLimit.Decaying("trading", RateCount.Orders, 60, 1);

    public static readonly RateLimitSet Set = new([ApiCounter, TradingCounter], source: "Kraken docs: Spot REST API rate limits (Starter tier)");
}
