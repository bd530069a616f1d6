namespace Sidecar.Configuration;

/// <summary>Config <c>Venues:{name}</c>: one exchange API, its fixed upstream, its key and what the key may do.</summary>
internal sealed class VenueOptions
{
    /// <summary>Signing scheme, e.g. <c>binance-hmac</c>.</summary>
    public string? Scheme { get; set; }

    /// <summary>Fixed upstream base URL. https, or http on a loopback address (tests, demo).</summary>
    public string? Upstream { get; set; }

    /// <summary>Hosts that select this venue in ccxt's proxyUrl form. Defaults to the upstream's host.</summary>
    public List<string> Hosts { get; set; } = [];

    /// <summary>
    /// The placeholder API key id this venue's bot sends. Venues of one exchange may then share a host in ccxt's
    /// proxyUrl form: the key the request carries (in the exchange's API-key header) chooses among them.
    /// </summary>
    public string? ClientKey { get; set; }

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

    /// <summary>
    /// The venue whose rate limits (and the exchange's back-off) this one shares, so a bot cannot double its budget by
    /// switching venue or transport. It must sign with the same key. A WebSocket venue shares the limits of the one
    /// REST venue of its exchange that signs with its key, unless this names another.
    /// </summary>
    public string? RateLimitsFrom { get; set; }

    /// <summary>What the key may be used for through this venue.</summary>
    public Sidecar.Policy.PolicyOptions Policy { get; set; } = new();

    /// <summary>Comparing the orders at the exchange with those Sidecar signed (REST venues).</summary>
    public Sidecar.Reconcile.ReconcileOptions Reconcile { get; set; } = new();
}
