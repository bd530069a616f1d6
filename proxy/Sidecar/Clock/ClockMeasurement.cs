namespace Sidecar.Clock;

/// <summary>
/// One venue's clock measured once: the exchange's clock minus the local one, and how far the truth can be from
/// it (half the width of the interval the samples allow).
/// </summary>
/// <param name="OffsetMilliseconds">Exchange time minus local time; positive when the exchange runs ahead.</param>
/// <param name="UncertaintyMilliseconds">The true offset is within this many ms of <paramref name="OffsetMilliseconds"/>.</param>
/// <param name="RoundTripMilliseconds">The shortest round trip among the samples.</param>
/// <param name="Samples">How many samples answered.</param>
internal sealed record ClockMeasurement(long OffsetMilliseconds, long UncertaintyMilliseconds, double RoundTripMilliseconds, int Samples);

/// <summary>A venue's time endpoint could not be read. The message names the endpoint and the failure, never a body.</summary>
internal sealed class ClockProbeException(string message, Exception? inner = null) : Exception(message, inner);
