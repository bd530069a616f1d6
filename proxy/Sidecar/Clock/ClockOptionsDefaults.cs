namespace Sidecar.Clock;

/// <summary>The <c>Clock</c> section's defaults and accepted ranges, and where each comes from.</summary>
internal static class ClockOptionsDefaults
{
    /// <summary>
    /// 1 s. Sidecar corrects the timestamps it signs, but a bot's own timestamps (kept unless <c>Clock:Restamp</c>)
    /// and venues on the local clock (Bitfinex, BitMEX) are only as right as the host's clock, and they must land
    /// within the exchange's window: 5 s by default at Binance, Bybit and KuCoin (recvWindow), and requests also
    /// spend network and queueing time in it. A host kept by NTP is within tens of milliseconds, so an offset over
    /// 1 s means its time synchronisation is broken, while a fifth of the tightest window remains for the network.
    /// </summary>
    public const int MaxSkewMs = 1000;

    public const int MinMaxSkewMs = 1;

    public const int MaxMaxSkewMs = 600_000;

    /// <summary>
    /// 60 s: a free-running quartz clock drifts at most ~100 ppm (6 ms a minute), far inside any window, while a
    /// clock stepped by NTP or a VM resume is noticed within a minute. Four unweighted public requests per venue a
    /// minute are negligible against exchange limits (Binance: weight 1 of 6000 a minute).
    /// </summary>
    public const int SyncIntervalSeconds = 60;

    public const int MinSyncIntervalSeconds = 5;

    public const int MaxSyncIntervalSeconds = 3600;

    /// <summary>
    /// 600 s (ten sync intervals): long enough to ride out an exchange's time endpoint being down for a few minutes;
    /// short enough that an offset is not applied after the host's own clock may have been corrected (which would
    /// then count the correction twice).
    /// </summary>
    public const int MaxOffsetAgeSeconds = 600;

    /// <summary>The smallest accepted age, in sync intervals: one failed sync must not drop the offset.</summary>
    public const int MinMaxOffsetAgeSyncIntervals = 2;

    public const int MaxMaxOffsetAgeSeconds = 86_400;

    /// <summary>Off: a timestamp the bot chose is signed as sent; Sidecar supplies a corrected one only where the bot sent none.</summary>
    public const bool Restamp = false;
}
