namespace Sidecar.Configuration;

/// <summary>
/// The whole configuration file. Bound from JSON, overridable by <c>SIDECAR_</c> environment variables. Each section
/// has its options type, its <c>…OptionsDefaults</c> (defaults, accepted ranges, and why) and its validator;
/// <see cref="ConfigValidator"/> runs them all.
/// </summary>
internal sealed class SidecarOptions
{
    public HsmOptions Hsm { get; set; } = new();

    /// <summary>More HSMs (tokens), by name, for venues that name one with <c>Venues:{v}:Hsm</c>.</summary>
    public Dictionary<string, HsmOptions> Hsms { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Proxy listener, e.g. <c>http://127.0.0.1:8080</c>. Loopback unless <see cref="AllowNonLoopbackListen"/>.</summary>
    public string Listen { get; set; } = ListenerDefaults.Listen;

    /// <summary>Admin listener (health, readiness; never proxies).</summary>
    public string Admin { get; set; } = ListenerDefaults.Admin;

    /// <summary>
    /// With <c>Listen: "unix:/path"</c>: the peer UIDs (read with SO_PEERCRED) that may connect. Empty: the socket is
    /// created owner-only (0600). Set: it is created 0666 and the UID list is the access control.
    /// </summary>
    public List<uint> AllowedUids { get; set; } = [];

    /// <summary>Opt-in to a proxy listener reachable from other hosts. Anyone who reaches it can use the keys.</summary>
    public bool AllowNonLoopbackListen { get; set; } = ListenerDefaults.AllowNonLoopbackListen;

    public LimitsOptions Limits { get; set; } = new();

    public Sidecar.Alerts.AlertOptions Alerts { get; set; } = new();

    public Sidecar.Telemetry.TelemetryOptions Telemetry { get; set; } = new();

    public Sidecar.Telemetry.KeysOptions Keys { get; set; } = new();

    /// <summary>Per-venue exchange clock offsets.</summary>
    public Sidecar.Clock.ClockOptions Clock { get; set; } = new();

    /// <summary>How strictly <c>sidecar doctor</c> and the start-up posture check judge; process hardening.</summary>
    public Sidecar.Doctor.PostureOptions Posture { get; set; } = new();

    /// <summary>The tamper-evident audit log.</summary>
    public Sidecar.Audit.AuditOptions Audit { get; set; } = new();

    /// <summary>
    /// Where Sidecar keeps state that must survive restarts: the nonce floors of Kraken and Bitfinex keys. Unset,
    /// nonces still follow the clock and strictly increase within a process, but a clock stepping back across a
    /// restart could repeat one.
    /// </summary>
    public string? StateDirectory { get; set; }

    public Dictionary<string, VenueOptions> Venues { get; set; } = new(StringComparer.Ordinal);
}
