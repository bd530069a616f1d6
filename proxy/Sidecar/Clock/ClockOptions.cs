namespace Sidecar.Clock;

/// <summary>Config <c>Clock</c>: per-venue exchange clock offsets (see README, "Exchange clocks").</summary>
internal sealed class ClockOptions
{
    /// <summary>Readiness fails, and a <c>clock_skew</c> alert is raised, while a venue's offset is larger than this.</summary>
    public int MaxSkewMs { get; set; } = ClockOptionsDefaults.MaxSkewMs;

    /// <summary>How often each venue's offset is measured again after the one at start-up.</summary>
    public int SyncIntervalSeconds { get; set; } = ClockOptionsDefaults.SyncIntervalSeconds;

    /// <summary>
    /// While syncs fail, the last measured offset is used until it is this old; then the venue falls back to the
    /// local clock and readiness fails.
    /// </summary>
    public int MaxOffsetAgeSeconds { get; set; } = ClockOptionsDefaults.MaxOffsetAgeSeconds;

    /// <summary>Replace timestamps the bot chose with Sidecar's corrected ones (nonces are never touched).</summary>
    public bool Restamp { get; set; } = ClockOptionsDefaults.Restamp;

    /// <summary>
    /// Venues that sign with the local clock and are never measured, e.g. an upstream (an egress gateway, a test
    /// stand-in) that does not serve the exchange's time endpoint. They never hold readiness back.
    /// </summary>
    public List<string> LocalClockVenues { get; set; } = [];
}
