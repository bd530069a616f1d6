using Microsoft.Extensions.Configuration;
using Sidecar.Alerts;
using Sidecar.Audit;
using Sidecar.Clock;
using Sidecar.Doctor;
using Sidecar.Policy;
using Sidecar.Telemetry;

namespace Sidecar.Configuration;

/// <summary>
/// Reports keys in the config file that no option reads — a typo such as "Upstrem" would otherwise silently fall
/// back to a default. Checked on the file only: environment variables with the prefix are the user's business.
/// The names come from the options types (<see cref="KnownSection"/>); what is written here is only the shape:
/// which settings hold a section of their own.
/// </summary>
internal static class KnownKeys
{
    private static readonly KnownSection Hsm = KnownSection.Of<HsmOptions>(
        (nameof(HsmOptions.Standby), KnownSection.Of<HsmOptions>().Without(nameof(HsmOptions.Standby)).RefusingPin())).RefusingPin();

    private static readonly KnownSection Venue = KnownSection.Of<VenueOptions>(
        (nameof(VenueOptions.Policy), KnownSection.Of<PolicyOptions>()),
        (nameof(VenueOptions.Reconcile), KnownSection.Of<Sidecar.Reconcile.ReconcileOptions>()));

    /// <summary>The whole file.</summary>
    internal static readonly KnownSection Root = KnownSection.Of<SidecarOptions>(
        (nameof(SidecarOptions.Hsm), Hsm),
        (nameof(SidecarOptions.Hsms), KnownSection.EntriesOf(Hsm)),
        (nameof(SidecarOptions.Limits), KnownSection.Of<LimitsOptions>()),
        (nameof(SidecarOptions.Alerts), KnownSection.Of<AlertOptions>()),
        (nameof(SidecarOptions.Telemetry), KnownSection.Of<TelemetryOptions>()),
        (nameof(SidecarOptions.Keys), KnownSection.Of<KeysOptions>()),
        (nameof(SidecarOptions.Clock), KnownSection.Of<ClockOptions>()),
        (nameof(SidecarOptions.Posture), KnownSection.Of<PostureOptions>()),
        (nameof(SidecarOptions.Audit), KnownSection.Of<AuditOptions>()),
        (nameof(SidecarOptions.Venues), KnownSection.EntriesOf(Venue)));

    public static void Check(IConfiguration file, List<string> errors)
    {
        foreach (var section in file.GetChildren())
        {
            if (!Root.Knows(section.Key))
            {
                errors.Add($"unknown setting '{section.Path}'");
                continue;
            }

            Root.SectionOf(section.Key)?.Check(section, errors);
        }
    }
}
