namespace Sidecar.Doctor;

/// <summary>The <c>Posture</c> section's defaults, and why.</summary>
internal static class PostureOptionsDefaults
{
    /// <summary>Off: a key that can withdraw or works from any IP is reported, not refused, until the operator opts in.</summary>
    public const bool Strict = false;

    /// <summary>On: the checklist costs one signed read per venue at start-up and reports through logs, metrics, /readyz.</summary>
    public const bool CheckAtStartup = true;

    /// <summary>On: a core file or same-user ptrace of Sidecar would expose the PIN and passphrases.</summary>
    public const bool HardenProcess = true;
}
