namespace Sidecar.Configuration;

/// <summary>Config <c>Hsm</c>, each <c>Hsms:{name}</c> entry, and their <c>Standby</c>: one PKCS#11 module and token.</summary>
internal sealed class HsmOptions
{
    /// <summary>Path of the PKCS#11 module, e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c>.</summary>
    public string? Module { get; set; }

    /// <summary>Token label.</summary>
    public string? Token { get; set; }

    /// <summary>File holding the user PIN (first line). Alternative: the <c>SIDECAR_HSM_PIN</c> environment variable.</summary>
    public string? PinFile { get; set; }

    /// <summary>Signing sessions opened at start-up; concurrent signs beyond this wait.</summary>
    public int Sessions { get; set; } = HsmOptionsDefaults.Sessions;

    /// <summary>How long a sign waits for a free session before answering 503.</summary>
    public int SessionWaitMs { get; set; } = HsmOptionsDefaults.SessionWaitMs;

    /// <summary>Sign with session-object copies of token keys (made inside the HSM). See HsmSettings.</summary>
    public bool SessionKeyCopies { get; set; } = HsmOptionsDefaults.SessionKeyCopies;

    /// <summary>A sign still inside the HSM after this long is abandoned (503) and the HSM treated as hung.</summary>
    public int SignTimeoutMs { get; set; } = HsmOptionsDefaults.SignTimeoutMs;

    /// <summary>Another module or token with its own copy of every key, used while this one is unavailable.</summary>
    public HsmOptions? Standby { get; set; }

    /// <summary>Where the HSM named <paramref name="hsmName"/> is configured: the <c>Hsm</c> section or its <c>Hsms</c> entry.</summary>
    public static string SectionPath(string hsmName) =>
        hsmName == HsmOptionsDefaults.DefaultHsmName ? nameof(SidecarOptions.Hsm) : $"{nameof(SidecarOptions.Hsms)}:{hsmName}";

    /// <summary>The standby of the section at <paramref name="sectionPath"/>.</summary>
    public static string StandbyPath(string sectionPath) => $"{sectionPath}:{nameof(Standby)}";
}
