using Sidecar.Configuration;
using Sidecar.Policy;
using Sidecar.Signing;

namespace Sidecar.Proxy;

/// <summary>A venue ready to serve: its validated definition and the HSM key resolved at start-up.</summary>
internal sealed class Venue
{
    public Venue(VenueDefinition definition, VenueCredentials credentials, TimeProvider clock)
        : this(definition, credentials, new VenueLimits(definition.Limits, clock), new Sidecar.Reconcile.OrderLedger(clock))
    {
    }

    /// <summary>A venue that keeps limits already counting and orders already signed (a reload, or a venue sharing another's).</summary>
    public Venue(VenueDefinition definition, VenueCredentials credentials, VenueLimits limits, Sidecar.Reconcile.OrderLedger orders)
    {
        Definition = definition;
        Credentials = credentials;
        SignedHost = definition.SignedHost;
        Limits = limits;
        Orders = orders;
    }

    public VenuePolicy Policy => Definition.Policy;

    public VenueLimits Limits { get; }

    /// <summary>The orders Sidecar signed for the venue's account (shared with the venues that share its rate limits).</summary>
    public Sidecar.Reconcile.OrderLedger Orders { get; }

    /// <summary>Whether Sidecar reconciles this venue's orders (and so records them, and adds client order ids).</summary>
    public bool Reconciles => Definition.Reconcile.IntervalSeconds > 0;

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
