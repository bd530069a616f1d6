namespace Sidecar.Doctor;

/// <summary>Config <c>Posture</c>: how strictly <c>sidecar doctor</c> and the start-up posture check judge.</summary>
internal sealed class PostureOptions
{
    /// <summary>
    /// Weaknesses become failures: a key with withdrawal or transfer permission, no IP allow-list at the exchange,
    /// an imported (not HSM-generated) private key, core dumps on, running as root, an old key. A failure then also
    /// makes <c>/readyz</c> answer 503.
    /// </summary>
    public bool Strict { get; set; } = PostureOptionsDefaults.Strict;

    /// <summary><c>sidecar run</c> runs the doctor in the background at start-up (logs, metrics, <c>/readyz</c>).</summary>
    public bool CheckAtStartup { get; set; } = PostureOptionsDefaults.CheckAtStartup;

    /// <summary>
    /// <c>sidecar run</c> makes its process non-dumpable (PR_SET_DUMPABLE 0) and sets RLIMIT_CORE to 0, so a crash
    /// or an unprivileged debugger cannot write its memory (PIN, passphrases) to disk.
    /// </summary>
    public bool HardenProcess { get; set; } = PostureOptionsDefaults.HardenProcess;
}
