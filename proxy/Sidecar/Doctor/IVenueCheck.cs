using Sidecar.Proxy;

namespace Sidecar.Doctor;

/// <summary>
/// A check of one venue: its key on the token, its key's permissions at the exchange, its upstream, its policy.
/// Also the seam for checks built elsewhere (the per-venue clock offset): pass extra instances to
/// <see cref="PostureDoctor"/> and their results join the report, the gauge and readiness like the built-in ones.
/// </summary>
internal interface IVenueCheck
{
    Task<IReadOnlyList<CheckResult>> RunAsync(DoctorContext context, Venue venue, CancellationToken cancellationToken);
}
