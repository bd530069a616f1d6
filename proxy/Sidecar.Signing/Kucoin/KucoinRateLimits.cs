namespace Sidecar.Signing.Kucoin;

/// <summary>
/// KuCoin "Rate Limit" (kucoin.com/docs): resource pools of request weight per 30 s, per UID (VIP0: Spot 4,000,
/// Futures 2,000, Management 2,000) or per IP (Public 2,000). Each answer reports the pool it drew from:
/// <c>gw-ratelimit-limit</c>, <c>gw-ratelimit-remaining</c> and <c>gw-ratelimit-reset</c> (ms until it resets).
/// Futures is a host of its own (api-futures.kucoin.com). Which paths belong to which pool is the docs' per-endpoint
/// "API-RATE-LIMIT-POOL"; the weights Sidecar counts between answers are 1 per request, the answers correct them.
/// </summary>
internal static class KucoinRateLimits
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private static readonly string[] PublicPaths =
    [
        "/api/v1/market/", "/api/v1/symbols", "/api/v2/symbols", "/api/v1/currencies", "/api/v3/currencies", "/api/v1/timestamp",
        "/api/v1/status", "/api/v1/prices", "/api/v1/mark-price", "/api/v3/margin/symbols", "/api/v1/isolated/symbols",
        "/api/v1/bullet-public", "/api/v1/contracts/", "/api/v1/ticker", "/api/v1/level2/", "/api/v1/trade/history", "/api/v1/kline/",
    ];

    private static readonly string[] ManagementPaths =
    [
        "/api/v1/accounts", "/api/v2/accounts", "/api/v3/accounts", "/api/v1/sub", "/api/v2/sub", "/api/v1/user", "/api/v2/user-info",
        "/api/v1/deposit", "/api/v2/deposit", "/api/v3/deposit", "/api/v1/withdrawals", "/api/v3/withdrawals", "/api/v1/transfer",
        "/api/v3/transfer", "/api/v1/hf/accounts", "/api/ua/",
    ];

    public static readonly RateLimit Public = RateLimit.Fixed("30s", RateCount.Weight, Window, 2000).Only(PublicPaths).ReportedByHeaders();

    public static readonly RateLimit Management = RateLimit.Fixed("management-30s", RateCount.Weight, Window, 2000).Only(ManagementPaths).ReportedByHeaders();

    public static readonly RateLimit Spot = RateLimit.Fixed("spot-30s", RateCount.Weight, Window, 4000).Except([.. PublicPaths, .. ManagementPaths]).ReportedByHeaders();

    public static readonly RateLimit Futures = RateLimit.Fixed("futures-30s", RateCount.Weight, Window, 2000).Except(PublicPaths).ReportedByHeaders();

    private static readonly RateLimitHeader[] Headers =
    [
        new("gw-ratelimit-limit", RateHeaderField.Limit),
        new("gw-ratelimit-remaining", RateHeaderField.Remaining),
        new("gw-ratelimit-reset", RateHeaderField.ResetInMilliseconds),
    ];

    private const string Source = "KuCoin docs: Rate Limit";

    public static readonly RateLimitSet SpotHost = new([Public, Management, Spot], Headers, source: Source);

    public static readonly RateLimitSet FuturesHost = new([Public, Futures], Headers, source: Source);

    public static RateLimitSet For(string exchangeHost) =>
        exchangeHost.StartsWith("api-futures.", StringComparison.OrdinalIgnoreCase) ? FuturesHost : SpotHost;
}
