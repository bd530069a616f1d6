using Sidecar.Doctor.Checks;
using Sidecar.Proxy;

namespace Sidecar.Doctor;

/// <summary>
/// Runs the checklist: the sidecar-wide checks, then every venue's checks (venues in parallel, each bounded by a
/// time-out so one unreachable exchange cannot hold the report). Extra venue checks built elsewhere (the clock
/// offset) are passed in and run like the built-in ones.
/// </summary>
internal sealed class PostureDoctor
{
    /// <summary>Per venue: a TLS handshake and one signed read-only request, each normally well under a second.</summary>
    private static readonly TimeSpan VenueTimeout = TimeSpan.FromSeconds(15);

    private readonly IReadOnlyList<IPostureCheck> _checks;
    private readonly IReadOnlyList<IVenueCheck> _venueChecks;

    public PostureDoctor(IEnumerable<IVenueCheck>? extraVenueChecks = null)
    {
        _checks =
        [
            new ConfigSecretsCheck(),
            new PinFileCheck(),
            new ListenersCheck(),
            new HsmLoginCheck(),
            new CoreDumpCheck(),
            new ProcessUserCheck(),
            new DiagnosticsPortCheck(),
        ];
        _venueChecks =
        [
            new KeyProtectionCheck(),
            new KeyOriginCheck(),
            new KeyRotationCheck(),
            new ExchangePermissionsCheck(),
            new UpstreamTlsCheck(),
            new ClockOffsetCheck(),
            new WithdrawalPolicyCheck(),
            new ReconcileCheck(),
            .. extraVenueChecks ?? [],
        ];
    }

    public async Task<DoctorReport> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        foreach (var check in _checks)
        {
            results.AddRange(check.Run(context));
        }

        var perVenue = new Task<List<CheckResult>>[context.Venues.Count];
        for (var i = 0; i < perVenue.Length; i++)
        {
            perVenue[i] = RunVenueAsync(context, context.Venues[i], cancellationToken);
        }

        foreach (var venueResults in await Task.WhenAll(perVenue))
        {
            results.AddRange(venueResults);
        }

        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            results[i] = result with { Reason = SecretLooking.Redact(result.Reason), Fix = result.Fix is null ? null : SecretLooking.Redact(result.Fix) };
        }

        return new DoctorReport(results, context.Strict, context.Clock.GetUtcNow());
    }

    private async Task<List<CheckResult>> RunVenueAsync(DoctorContext context, Venue venue, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        foreach (var check in _venueChecks)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(VenueTimeout);
            try
            {
                results.AddRange(await check.RunAsync(context, venue, timeout.Token));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                results.Add(new CheckResult("check.timeout", venue.Name, CheckStatus.Unknown,
                    $"{check.GetType().Name} got no answer within {VenueTimeout.TotalSeconds:0} s", "check that the upstream is reachable from this host"));
            }
        }

        return results;
    }
}
