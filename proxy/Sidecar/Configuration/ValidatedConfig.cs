using Sidecar.Pkcs11;

namespace Sidecar.Configuration;

/// <summary>The configuration after every static check passed. Built only by <see cref="ConfigValidator"/>.</summary>
internal sealed record ValidatedConfig
{
    public required HsmSettings Hsm { get; init; }

    /// <summary>Where the PIN is read from; never the PIN itself.</summary>
    public required PinSource Pin { get; init; }

    /// <summary>Every HSM by name: <c>default</c> (the <c>Hsm</c> section) and the <c>Hsms</c> entries, each with its standby.</summary>
    public IReadOnlyDictionary<string, HsmDefinition> Hsms { get; init; } = new Dictionary<string, HsmDefinition>();

    /// <summary>The TCP proxy listener; null when <see cref="ListenUnixSocket"/> is used instead.</summary>
    public required Uri? Listen { get; init; }

    /// <summary>Path of the Unix-domain socket the proxy listens on, when configured.</summary>
    public string? ListenUnixSocket { get; init; }

    /// <summary>Peer UIDs that may connect to the Unix socket (SO_PEERCRED); empty: any local user who can open it.</summary>
    public IReadOnlyList<uint> AllowedUids { get; init; } = [];

    public required Uri Admin { get; init; }

    /// <summary>The operator opted in to a proxy listener reachable from other hosts.</summary>
    public bool AllowNonLoopbackListen { get; init; }

    public required int MaxRequestBodyBytes { get; init; }

    public required TimeSpan UpstreamTimeout { get; init; }

    /// <summary>The WebSocket relay's limits (Limits:MaxWebSocket*).</summary>
    public int MaxWebSocketMessageBytes { get; init; } = LimitsOptionsDefaults.MaxWebSocketMessageBytes;

    public int MaxWebSocketConnections { get; init; } = LimitsOptionsDefaults.MaxWebSocketConnections;

    public int MaxWebSocketBufferBytes { get; init; } = LimitsOptionsDefaults.MaxWebSocketBufferBytes;

    /// <summary>On SIGTERM, how long requests in flight may take to finish.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromMilliseconds(LimitsOptionsDefaults.ShutdownTimeoutMs);

    public required IReadOnlyList<VenueDefinition> Venues { get; init; }

    public Sidecar.Alerts.AlertOptions Alerts { get; init; } = new();

    public Sidecar.Telemetry.TelemetryOptions Telemetry { get; init; } = new();

    public Sidecar.Telemetry.KeysOptions Keys { get; init; } = new();

    public Sidecar.Clock.ClockOptions Clock { get; init; } = new();

    public Sidecar.Doctor.PostureOptions Posture { get; init; } = new();

    /// <summary>The audit log settings; Path null means no audit log.</summary>
    public Sidecar.Audit.AuditOptions Audit { get; init; } = new();

    /// <summary>Directory for nonce floors; null when not configured.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>
    /// The settings as written in the file (flattened "Section:Key" paths, case-insensitive), so a reload can
    /// name each setting that changed and needs a restart. Empty when validated without a file.
    /// </summary>
    public IReadOnlyDictionary<string, string> FileSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Accepted but worth a log line at start-up (non-loopback listeners).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
