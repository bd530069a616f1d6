namespace Sidecar.Policy;

/// <summary>The <c>Venues:{name}:Policy</c> section's defaults and accepted ranges, and why.</summary>
internal static class PolicyOptionsDefaults
{
    /// <summary>What a trading bot needs and nothing more: no withdrawals, transfers or key management.</summary>
    public const string Profile = "trade";

    /// <summary>
    /// Guard rails against a runaway bot, well above what exchanges allow a single key (Binance: 6,000 request
    /// weight per minute, 100 orders per 10 s per account; Bybit: 10–20 orders/s per endpoint), so the exchange's
    /// own limits bite first in normal operation. Tune per venue.
    /// </summary>
    public const double RequestsPerSecond = 50;

    public const int Burst = 100;

    public const int OrdersPer10Seconds = 100;

    /// <summary>0 turns the limit off.</summary>
    public const double MinRequestsPerSecond = 0;

    public const double MaxRequestsPerSecond = 100_000;

    public const int MinBurst = 1;

    public const int MaxBurst = 100_000;

    /// <summary>0 turns the limit off.</summary>
    public const int MinOrdersPer10Seconds = 0;

    public const int MaxOrdersPer10Seconds = 100_000;
}
