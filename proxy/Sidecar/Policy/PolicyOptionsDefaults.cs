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

    /// <summary>
    /// 5 % of each exchange limit is kept free: Binance's 6,000 weight per minute leaves 300, a few hundred cancels,
    /// for getting out of the market after the bot has used the rest.
    /// </summary>
    public const double WeightReserve = 0.05;

    /// <summary>0 uses the whole limit (the exchange's 429 is then the first refusal).</summary>
    public const double MinWeightReserve = 0;

    /// <summary>Keeping more than half of a limit free would hold a bot at half the rate it pays for.</summary>
    public const double MaxWeightReserve = 0.5;
}
