using Sidecar.Configuration;
using Sidecar.Policy;
using Sidecar.Signing;

namespace Sidecar.Proxy;

/// <summary>A venue ready to serve: its validated definition and the HSM key resolved at start-up.</summary>
internal sealed class Venue
{
    public Venue(VenueDefinition definition, VenueCredentials credentials, TimeProvider clock)
        : this(definition, credentials, new VenueLimits(definition.Limits, clock))
    {
    }

    /// <summary>A venue that keeps limits already counting (a configuration reload that left them unchanged).</summary>
    public Venue(VenueDefinition definition, VenueCredentials credentials, VenueLimits limits)
    {
        Definition = definition;
        Credentials = credentials;
        SignedHost = definition.SignedHost;
        Limits = limits;
    }

    public VenuePolicy Policy => Definition.Policy;

    public VenueLimits Limits { get; }

    public string SignedHost { get; }

    public string Name => Definition.Name;

    public SigningScheme Scheme => Definition.Scheme;

    /// <summary>The exchange the venue's scheme belongs to: its endpoint table, time endpoint, permissions probe.</summary>
    public Exchange Exchange => Definition.Scheme.Exchange;

    public string UpstreamBase => Definition.UpstreamBase;

    /// <summary>A WebSocket venue (wss:// upstream): served by the relay, upgrades only.</summary>
    public bool IsWebSocket => Definition.IsWebSocket;

    public VenueDefinition Definition { get; }

    public VenueCredentials Credentials { get; }

    /// <summary>The exchange's clock offset, kept current by Clock/ClockSynchronizer.</summary>
    public Sidecar.Clock.VenueClock Clock { get; init; } = new();
}
