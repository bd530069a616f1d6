namespace Sidecar.Signing.RateLimits;

/// <summary>What a rate-limit header's value says about a budget.</summary>
public enum RateHeaderField
{
    /// <summary>How much of the window is used, this request included (Binance <c>X-MBX-USED-WEIGHT-1M</c>).</summary>
    Used,

    /// <summary>How much of the window is left (Bybit <c>X-Bapi-Limit-Status</c>, KuCoin <c>gw-ratelimit-remaining</c>).</summary>
    Remaining,

    /// <summary>The window's limit (Bybit <c>X-Bapi-Limit</c>).</summary>
    Limit,

    /// <summary>When the window resets, in Unix seconds or milliseconds (told apart by size).</summary>
    ResetAt,

    /// <summary>Milliseconds until the window resets (KuCoin <c>gw-ratelimit-reset</c>).</summary>
    ResetInMilliseconds,
}

/// <summary>
/// A response header in which the exchange tells the state of one of its limits: the exchange's own view, which
/// counts every client behind the same IP address or account, not only this Sidecar.
/// </summary>
/// <param name="Name">The header's name; matched case-insensitively.</param>
/// <param name="Field">What its value is.</param>
/// <param name="Limit">The limit it reports; null: the <see cref="RateLimit.Reported"/> budget the request drew from.</param>
public sealed record RateLimitHeader(string Name, RateHeaderField Field, RateLimit? Limit = null);
