using Sidecar.Proxy;
using Sidecar.Signing.Clock;

namespace Sidecar.Clock;

/// <summary>
/// What is known about one venue's clock, for readiness, metrics and alerts. Written by the sync loop, read by
/// /readyz and /metrics; the hot path reads only <see cref="Venue"/>'s <see cref="VenueClock"/>.
/// </summary>
internal sealed class VenueClockStatus
{
    private readonly Lock _gate = new();
    private long _offset;
    private long _uncertainty;
    private double _roundTrip;
    private DateTimeOffset? _lastSync;
    private string? _problem;
    private long _failures;

    public VenueClockStatus(Venue venue, ServerTimeEndpoint? endpoint, string? localReason)
    {
        Venue = venue;
        Endpoint = endpoint;
        LocalReason = localReason;
    }

    public Venue Venue { get; }

    public string Name => Venue.Name;

    /// <summary>Null when the venue signs with the local clock (see <see cref="LocalReason"/>).</summary>
    public ServerTimeEndpoint? Endpoint { get; }

    /// <summary>Why the venue is never measured: the exchange has no time endpoint, or the operator opted out.</summary>
    public string? LocalReason { get; }

    public Snapshot Read()
    {
        lock (_gate)
        {
            return new Snapshot(_lastSync is not null, _offset, _uncertainty, _roundTrip, _lastSync, _problem, _failures);
        }
    }

    public void Succeeded(ClockMeasurement measurement, DateTimeOffset now)
    {
        lock (_gate)
        {
            _offset = measurement.OffsetMilliseconds;
            _uncertainty = measurement.UncertaintyMilliseconds;
            _roundTrip = measurement.RoundTripMilliseconds;
            _lastSync = now;
            _problem = null;
        }

        Venue.Clock.Set(measurement.OffsetMilliseconds);
    }

    /// <summary>Records a failed sync; true when the last good offset became too old and was dropped.</summary>
    public bool Failed(string problem, DateTimeOffset now, TimeSpan maxAge)
    {
        var dropped = false;
        lock (_gate)
        {
            _problem = problem;
            _failures++;
            if (_lastSync is { } last && now - last > maxAge)
            {
                _lastSync = null;
                _offset = 0;
                _uncertainty = 0;
                dropped = true;
            }
        }

        if (dropped)
        {
            Venue.Clock.Set(0);
        }

        return dropped;
    }

    /// <param name="Known">An offset measured within <c>Clock:MaxOffsetAgeSeconds</c> is in use.</param>
    internal readonly record struct Snapshot(bool Known, long OffsetMilliseconds, long UncertaintyMilliseconds, double RoundTripMilliseconds,
        DateTimeOffset? LastSync, string? Problem, long Failures);
}
