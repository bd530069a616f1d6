using Sidecar.Configuration;
using Sidecar.Pkcs11;
using Sidecar.Proxy;

namespace Sidecar.Doctor;

/// <summary>What the checks look at: the validated configuration, the file it came from, the token and the venues.</summary>
internal sealed class DoctorContext
{
    public required ValidatedConfig Config { get; init; }

    /// <summary>
    /// Every HSM that logged in, by name (<c>default</c> is the <c>Hsm</c> section): the primary's connection. An
    /// HSM that could not be opened is in <see cref="HsmProblems"/> instead.
    /// </summary>
    public IReadOnlyDictionary<string, HsmConnection> Hsms { get; init; } = new Dictionary<string, HsmConnection>();

    /// <summary>Why an HSM could not be opened, by name.</summary>
    public IReadOnlyDictionary<string, string> HsmProblems { get; init; } = new Dictionary<string, string>();

    /// <summary>The HSM holding <paramref name="venue"/>'s key, or null when it could not be opened.</summary>
    public HsmConnection? HsmOf(Venue venue) => Hsms.GetValueOrDefault(venue.Definition.HsmName);

    /// <summary>The venues with their keys resolved; empty when the token or a key is missing.</summary>
    public required IReadOnlyList<Venue> Venues { get; init; }

    /// <summary>Sends the doctor's own read-only requests to each venue's fixed upstream.</summary>
    public required HttpMessageInvoker Client { get; init; }

    /// <summary>Why venues are missing from <see cref="Venues"/>: keys or passphrases not found on the token.</summary>
    public IReadOnlyList<string> VenueProblems { get; init; } = [];

    /// <summary>True inside <c>sidecar run</c> (the process itself is checked); false for the <c>doctor</c> command.</summary>
    public bool InsideRun { get; init; }

    public ProcessFacts Process { get; init; } = ProcessFacts.Current;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Reads the process environment; replaceable in tests.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary><c>Posture:Strict</c>: weaknesses (withdrawal permission, no IP allow-list, …) are failures.</summary>
    public bool Strict => Config.Posture.Strict;
}
