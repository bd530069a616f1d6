namespace Sidecar.Signing.Deribit;

/// <summary>
/// Deribit "Rate Limits" (docs.deribit.com, support "Rate limits"): a credit system per sub-account. Requests that
/// do not reach the matching engine cost 500 credits from a pool of at most 50,000 refilled at 10,000 per second
/// (counted here as requests: at most 100, decaying by 20 per second); matching-engine requests (buy, sell, edit,
/// cancels, close_position, mass_quote) have a tier's own limit (Tier 4, the default: 5 per second, bursts of 20).
/// Deribit reports neither in headers.
/// </summary>
internal static class DeribitRateLimits
{
    private static readonly string[] MatchingEngine =
    [
        "/api/v2/private/buy", "/api/v2/private/sell", "/api/v2/private/edit", "/api/v2/private/cancel", "/api/v2/private/close_position",
        "/api/v2/private/mass_quote", "/private/buy", "/private/sell", "/private/edit", "/private/cancel", "/private/close_position",
        "/private/mass_quote",
    ];

    public static readonly RateLimit Credits = RateLimit.Decaying("credits", RateCount.Requests, 100, 20).Except(MatchingEngine);

    public static readonly RateLimit Matching = RateLimit.Decaying("matching", RateCount.Requests, 20, 5).Only(MatchingEngine);

    public static readonly RateLimitSet Set = new([Credits, Matching], source: "Deribit docs: Rate Limits (Tier 4)");
}
