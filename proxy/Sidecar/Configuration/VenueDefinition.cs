using Sidecar.Signing;

namespace Sidecar.Configuration;

/// <summary>A venue after validation: every value checked and normalised.</summary>
internal sealed record VenueDefinition
{
    public required string Name { get; init; }

    public required SigningScheme Scheme { get; init; }

    /// <summary>Scheme, host, optional port and base path, without a trailing slash, e.g. <c>https://api.binance.com</c>.</summary>
    public required string UpstreamBase { get; init; }

    /// <summary>Lower-case host names that select this venue in the proxyUrl route form.</summary>
    public required IReadOnlyList<string> Hosts { get; init; }

    public required string ApiKey { get; init; }

    /// <summary>The placeholder API key id that selects this venue among those sharing a host; null: none.</summary>
    public string? ClientKey { get; init; }

    public required string KeyLabel { get; init; }

    /// <summary>The compiled endpoint rules and order guards.</summary>
    public required Sidecar.Policy.VenuePolicy Policy { get; init; }

    /// <summary>Rate limits as configured (compiled into per-venue limiters at start-up).</summary>
    public required Sidecar.Policy.PolicyOptions Limits { get; init; }

    /// <summary>Reconciliation of the venue's orders, as configured (validated).</summary>
    public Sidecar.Reconcile.ReconcileOptions Reconcile { get; init; } = new();

    /// <summary>The venue whose rate limits this one shares (same key); null: its own.</summary>
    public string? RateLimitsFrom { get; init; }

    /// <summary>Peer UIDs that may use this venue over the Unix socket; empty: every allowed peer.</summary>
    public IReadOnlyList<uint> AllowedUids { get; init; } = [];

    /// <summary>Label of the passphrase object, for schemes that need one.</summary>
    public string? PassphraseLabel { get; init; }

    /// <summary>Name of the HSM holding the key: <c>default</c> (the <c>Hsm</c> section) or an <c>Hsms</c> entry.</summary>
    public string HsmName { get; init; } = HsmOptionsDefaults.DefaultHsmName;

    /// <summary>True for a WebSocket venue: its upstream is <c>wss://</c> (or <c>ws://</c> on loopback).</summary>
    public bool IsWebSocket => UpstreamBase.StartsWith("wss://", StringComparison.Ordinal) || UpstreamBase.StartsWith("ws://", StringComparison.Ordinal);

    /// <summary>
    /// The exchange host as the exchange knows itself, for schemes that sign it (Coinbase Advanced's JWT
    /// <c>uri</c> claim): the first of <see cref="Hosts"/>, which defaults to the upstream's host. The two differ
    /// only when the upstream is a stand-in (a test fake, an egress gateway).
    /// </summary>
    public string SignedHost => Hosts.Count > 0 ? Hosts[0] : new Uri(UpstreamBase).Host;
}
