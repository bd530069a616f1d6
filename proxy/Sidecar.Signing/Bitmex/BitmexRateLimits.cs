namespace Sidecar.Signing.Bitmex;

/// <summary>
/// BitMEX "Rate Limits" (bitmex.com/app/restAPI): 120 requests per minute, reported on every answer as
/// <c>x-ratelimit-limit</c>, <c>x-ratelimit-remaining</c> and <c>x-ratelimit-reset</c> (Unix seconds); the order
/// endpoints have 10 per second besides, reported as <c>x-ratelimit-remaining-1s</c>.
/// </summary>
internal static class BitmexRateLimits
{
    public static readonly RateLimit PerMinute = RateLimit.Fixed("1m", RateCount.Requests, TimeSpan.FromMinutes(1), 120).ReportedByHeaders();

    public static readonly RateLimit Orders = RateLimit.Fixed("1s", RateCount.Requests, TimeSpan.FromSeconds(1), 10).Only("/api/v1/order");

    public static readonly RateLimitSet Set = new(
        [PerMinute, Orders],
        [
            new("x-ratelimit-limit", RateHeaderField.Limit),
            new("x-ratelimit-remaining", RateHeaderField.Remaining),
            new("x-ratelimit-reset", RateHeaderField.ResetAt),
            new("x-ratelimit-remaining-1s", RateHeaderField.Remaining, Orders),
        ],
        source: "BitMEX docs: Rate Limits");
}
