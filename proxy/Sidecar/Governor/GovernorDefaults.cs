namespace Sidecar.Governor;

/// <summary>The governor's fixed values, and why.</summary>
internal static class GovernorDefaults
{
    /// <summary>
    /// <c>rate_limit_near</c> is raised at 80 % of a limit: with the default reserve (5 %) a bot then has a
    /// window's remaining 15 % to slow down before Sidecar holds its requests.
    /// </summary>
    public const double NearFraction = 0.8;

    /// <summary>
    /// The exchange's published limits (Binance <c>exchangeInfo</c>) are read again every hour: Binance announces
    /// changes days ahead, and the read costs weight (20 on spot).
    /// </summary>
    public static readonly TimeSpan PublishedLimitsInterval = TimeSpan.FromHours(1);

    /// <summary>The most headers one exchange reports its limits in (Bybit, Gate, KuCoin, BitMEX: 3 or 4).</summary>
    public const int MaxHeaders = 8;
}
