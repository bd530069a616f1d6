namespace Sidecar.Signing.Bitfinex;

/// <summary>
/// Bitfinex "Requirements and Limitations" (docs.bitfinex.com): limits per endpoint per minute, between 10 and 90,
/// 90 for the authenticated endpoints; an IP over one is blocked for 60 s. Bitfinex reports none in headers. Counted
/// per endpoint: 90 per minute for <c>/v2/auth/</c>, 30 for public endpoints (the docs' common public value).
/// </summary>
internal static class BitfinexRateLimits
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static readonly RateLimit Authenticated = RateLimit.Fixed("1m", RateCount.Requests, Minute, 90).Except("/v2/conf/", "/v2/platform/", "/v2/ticker", "/v2/book/", "/v2/trades/", "/v2/candles/", "/v2/status/", "/v2/stats1/").PerEndpoint();

    public static readonly RateLimit Public = RateLimit.Fixed("public-1m", RateCount.Requests, Minute, 30).Only("/v2/conf/", "/v2/platform/", "/v2/ticker", "/v2/book/", "/v2/trades/", "/v2/candles/", "/v2/status/", "/v2/stats1/").PerEndpoint();

    public static readonly RateLimitSet Set = new([Authenticated, Public], source: "Bitfinex docs: Requirements and Limitations");
}
