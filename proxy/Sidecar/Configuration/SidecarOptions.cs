namespace Sidecar.Configuration;

/// <summary>The whole configuration file. Bound from JSON, overridable by <c>SIDECAR_</c> environment variables.</summary>
public sealed class SidecarOptions
{
    public HsmOptions Hsm { get; set; } = new();

    /// <summary>More HSMs (tokens), by name, for venues that name one with <c>Venues:{v}:Hsm</c>.</summary>
    public Dictionary<string, HsmOptions> Hsms { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Proxy listener, e.g. <c>http://127.0.0.1:8080</c>. Loopback unless <see cref="AllowNonLoopbackListen"/>.</summary>
    public string Listen { get; set; } = OptionsDefaults.Listen;

    /// <summary>Admin listener (health, readiness; never proxies).</summary>
    public string Admin { get; set; } = OptionsDefaults.Admin;

    /// <summary>
    /// With <c>Listen: "unix:/path"</c>: the peer UIDs (read with SO_PEERCRED) that may connect. Empty: the socket is
    /// created owner-only (0600). Set: it is created 0666 and the UID list is the access control.
    /// </summary>
    public List<uint> AllowedUids { get; set; } = [];

    /// <summary>Opt-in to a proxy listener reachable from other hosts. Anyone who reaches it can use the keys.</summary>
    public bool AllowNonLoopbackListen { get; set; }

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

public sealed class HsmOptions
{
    /// <summary>Path of the PKCS#11 module, e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c>.</summary>
    public string? Module { get; set; }

    /// <summary>Token label.</summary>
    public string? Token { get; set; }

    /// <summary>File holding the user PIN (first line). Alternative: the <c>SIDECAR_HSM_PIN</c> environment variable.</summary>
    public string? PinFile { get; set; }

    /// <summary>Signing sessions opened at start-up; concurrent signs beyond this wait.</summary>
    public int Sessions { get; set; } = OptionsDefaults.HsmSessions;

    /// <summary>How long a sign waits for a free session before answering 503.</summary>
    public int SessionWaitMs { get; set; } = OptionsDefaults.HsmSessionWaitMs;

    /// <summary>Sign with session-object copies of token keys (made inside the HSM). See HsmSettings.</summary>
    public bool SessionKeyCopies { get; set; } = true;

    /// <summary>A sign still inside the HSM after this long is abandoned (503) and the HSM treated as hung.</summary>
    public int SignTimeoutMs { get; set; } = OptionsDefaults.HsmSignTimeoutMs;

    /// <summary>Another module or token with its own copy of every key, used while this one is unavailable.</summary>
    public HsmOptions? Standby { get; set; }
}

public sealed class LimitsOptions
{
    /// <summary>Largest request body accepted, in bytes.</summary>
    public int MaxRequestBodyBytes { get; set; } = OptionsDefaults.MaxRequestBodyBytes;

    /// <summary>Upstream request timeout (no response headers within it → 504).</summary>
    public int UpstreamTimeoutMs { get; set; } = OptionsDefaults.UpstreamTimeoutMs;

    /// <summary>On SIGTERM, how long requests in flight may take to finish before the process exits anyway.</summary>
    public int ShutdownTimeoutMs { get; set; } = OptionsDefaults.ShutdownTimeoutMs;

    /// <summary>Largest WebSocket message a bot may send (after reassembly); larger ones close the connection (1009).</summary>
    public int MaxWebSocketMessageBytes { get; set; } = OptionsDefaults.MaxWebSocketMessageBytes;

    /// <summary>WebSocket connections open at once, all venues together.</summary>
    public int MaxWebSocketConnections { get; set; } = OptionsDefaults.MaxWebSocketConnections;

    /// <summary>Bytes of exchange frames waiting for a bot that does not read; beyond it the connection closes (1013).</summary>
    public int MaxWebSocketBufferBytes { get; set; } = OptionsDefaults.MaxWebSocketBufferBytes;
}

public sealed class VenueOptions
{
    /// <summary>Signing scheme, e.g. <c>binance-hmac</c>.</summary>
    public string? Scheme { get; set; }

    /// <summary>Fixed upstream base URL. https, or http on a loopback address (tests, demo).</summary>
    public string? Upstream { get; set; }

    /// <summary>Hosts that select this venue in ccxt's proxyUrl form. Defaults to the upstream's host.</summary>
    public List<string> Hosts { get; set; } = [];

    /// <summary>The exchange's API key id (public identifier, not the secret).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Label of the HSM key that signs for this venue.</summary>
    public string? Key { get; set; }

    /// <summary>Label of the passphrase object on the token (OKX, KuCoin, Coinbase Exchange).</summary>
    public string? Passphrase { get; set; }

    /// <summary>Name of the <c>Hsms</c> entry holding this venue's key; unset: the <c>Hsm</c> section.</summary>
    public string? Hsm { get; set; }

    /// <summary>Peer UIDs (Unix-socket listener only) that may use this venue, so two bots in one pod cannot use each other's keys.</summary>
    public List<uint> AllowedUids { get; set; } = [];

    /// <summary>What the key may be used for through this venue.</summary>
    public Sidecar.Policy.PolicyOptions Policy { get; set; } = new();
}
