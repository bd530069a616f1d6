namespace Sidecar.Signing.Okx;

/// <summary>
/// OKX v5 "Rate Limits" (okx.com/docs-v5): each endpoint has a limit of its own per 2 s, per IP for public endpoints
/// and per UID for private ones (20 for most; placing, amending and cancelling orders 60; batches 300 orders; the
/// balance and positions 10), and a sub-account may send at most 1,000 order requests per 2 s (new and amended
/// orders, each order of a batch counted). OKX reports none of them in headers: these documented values are what
/// Sidecar counts against.
/// </summary>
internal static class OkxRateLimits
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    public static readonly RateLimit PerEndpoint = RateLimit.Fixed("2s", RateCount.Requests, Window, 20).PerEndpoint();

    public static readonly RateLimit SubAccountOrders = RateLimit.Fixed("2s", RateCount.Orders, Window, 1000);

    /// <summary>An endpoint of <paramref name="requests"/> requests per 2 s.</summary>
    public static RateLimit Requests(int requests) => PerEndpoint.WithLimit(requests);

    /// <summary>A batch endpoint of <paramref name="orders"/> orders per 2 s.</summary>
    public static RateLimit Orders(int orders) => RateLimit.Fixed("2s", RateCount.Orders, Window, orders).PerEndpoint();

    public static readonly RateLimitSet Set = new([SubAccountOrders, PerEndpoint], source: "OKX v5 docs: Rate Limits, and each endpoint's Rate Limit line");
}
