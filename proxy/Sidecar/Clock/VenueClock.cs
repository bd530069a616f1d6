namespace Sidecar.Clock;

/// <summary>
/// The hot-path half of a venue's clock: the offset (exchange minus local, in milliseconds) to add to the local
/// clock for the timestamps Sidecar signs. One volatile read per request; 0 while the offset is unknown, so an
/// unknown offset signs with the local clock.
/// </summary>
internal sealed class VenueClock
{
    private long _offsetMilliseconds;

    public long OffsetMilliseconds => Volatile.Read(ref _offsetMilliseconds);

    /// <summary><c>Clock:Restamp</c>, set once at start-up.</summary>
    public bool Restamp { get; set; }

    public void Set(long offsetMilliseconds) => Volatile.Write(ref _offsetMilliseconds, offsetMilliseconds);
}
