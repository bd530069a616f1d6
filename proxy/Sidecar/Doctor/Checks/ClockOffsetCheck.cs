using Sidecar.Clock;
using Sidecar.Proxy;

namespace Sidecar.Doctor.Checks;

/// <summary>
/// The exchange's clock against this host's, measured now through the venue's public time endpoint (the same
/// probe the running sidecar syncs with). Sidecar corrects the timestamps it adds, but timestamps a bot chooses
/// itself, and venues on the local clock, are only as right as the host: an offset beyond <c>Clock:MaxSkewMs</c>
/// means the host's time synchronisation is broken.
/// </summary>
internal sealed class ClockOffsetCheck : IVenueCheck
{
    public async Task<IReadOnlyList<CheckResult>> RunAsync(DoctorContext context, Venue venue, CancellationToken cancellationToken)
    {
        var clock = context.Config.Clock;
        if (clock.LocalClockVenues.Contains(venue.Name, StringComparer.Ordinal))
        {
            return [new CheckResult("clock.offset", venue.Name, CheckStatus.Unknown, "not measured: Clock:LocalClockVenues names this venue",
                "remove it from Clock:LocalClockVenues when the upstream serves the exchange's time endpoint")];
        }

        if (ClockProbe.EndpointFor(venue.Definition) is null)
        {
            return [new CheckResult("clock.offset", venue.Name, CheckStatus.Unknown, $"{venue.Scheme.Name} publishes no time endpoint; the local clock is used",
                "keep this host's clock synchronised (NTP); the exchange's nonce or expiry window is the only check")];
        }

        ClockMeasurement measurement;
        try
        {
            measurement = await ClockProbe.MeasureAsync(venue.Definition, context.Client, cancellationToken);
        }
        catch (ClockProbeException ex)
        {
            return [new CheckResult("clock.offset", venue.Name, CheckStatus.Fail, "the exchange's time could not be read: " + ex.Message,
                "check that the upstream is reachable; the running sidecar stays unready until it can measure the offset")];
        }

        var offset = measurement.OffsetMilliseconds;
        var direction = offset >= 0 ? "ahead of" : "behind";
        var reason = $"the exchange's clock is {Math.Abs(offset)} ms (±{measurement.UncertaintyMilliseconds}) {direction} this host's";
        return Math.Abs(offset) > clock.MaxSkewMs
            ? [CheckResult.Weak("clock.offset", venue.Name, context.Strict, reason + $", beyond Clock:MaxSkewMs ({clock.MaxSkewMs})",
                "fix the host's time synchronisation (NTP/chrony); Sidecar corrects only the timestamps it adds")]
            : [CheckResult.Pass("clock.offset", venue.Name, reason)];
    }
}
