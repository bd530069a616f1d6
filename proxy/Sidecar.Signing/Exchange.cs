namespace Sidecar.Signing;

/// <summary>
/// Everything Sidecar knows about one exchange, kept in the exchange's own folder: its signing schemes, its one
/// endpoint table (what each request needs, what it does, which orders it places), its time endpoint, how to ask
/// it what a key may do, how it says a key or signature was rejected, and a sample order for the benchmarks and
/// the conformance tests. An exchange is registered with one line in <see cref="Exchanges"/>. Every member is
/// abstract, so an exchange that leaves a part out does not compile; where the exchange has no such thing (no time
/// endpoint, no permissions endpoint) it says so explicitly.
/// </summary>
public abstract class Exchange
{
    /// <summary>The exchange's name as people write it, e.g. "Binance".</summary>
    public abstract string Name { get; }

    /// <summary>The schemes a venue's <c>Scheme</c> setting may name for this exchange (one per key type).</summary>
    public abstract IReadOnlyList<SigningScheme> Schemes { get; }

    /// <summary>The exchange's endpoints, from its documentation; see <see cref="EndpointTable"/>.</summary>
    public abstract EndpointTable Endpoints { get; }

    /// <summary>
    /// The exchange's public time endpoint, for a venue whose exchange host is <paramref name="exchangeHost"/> (the
    /// first of the venue's <c>Hosts</c>, which defaults to the upstream's host); null when the exchange publishes
    /// none, and such a venue signs with the local clock.
    /// </summary>
    public abstract ServerTimeEndpoint? ServerTime(string exchangeHost);

    /// <summary>
    /// The request header in which a bot sends its API key id (a placeholder through Sidecar), read to choose among
    /// venues that share a host in ccxt's proxyUrl form (<c>Venues:{name}:ClientKey</c>); null when the key id travels
    /// inside a signed value instead, and such venues cannot share a host.
    /// </summary>
    public abstract string? ClientKeyHeader { get; }

    /// <summary>
    /// The exchange's rate limits for a venue whose exchange host is <paramref name="exchangeHost"/>: what they count,
    /// their documented values, the headers that report them, where the exchange publishes current ones; or
    /// <see cref="RateLimitSet.None"/> with the reason. Each endpoint's weight is in <see cref="Endpoints"/>.
    /// </summary>
    public abstract RateLimitSet RateLimits(string exchangeHost);

    /// <summary>The read-only request <c>sidecar doctor</c> sends to learn what the key may do, or why there is none.</summary>
    public abstract PermissionProbe Permissions { get; }

    /// <summary>
    /// The exchange's order history, for reconciling the orders at the exchange with those Sidecar signed; or
    /// <see cref="OrderHistory.Unavailable"/> with the reason.
    /// </summary>
    public abstract OrderHistory OrderHistory { get; }

    /// <summary>
    /// The exchange's own code when an error answer says the key or signature was rejected (for the
    /// <c>upstream_auth_failure</c> alert and metric); null when the answer says something else.
    /// </summary>
    public abstract string? AuthFailureCode(int status, ReadOnlySpan<byte> body);

    /// <summary>
    /// The exchange's WebSocket API: how a bot's frames are judged, rebuilt and signed (a venue whose
    /// <c>Upstream</c> is <c>wss://</c> uses it), or <see cref="WebSockets.WebSocketAdapter.Unsupported"/> with the reason.
    /// </summary>
    public abstract WebSockets.WebSocketAdapter WebSocket { get; }

    /// <summary>A realistic signed order, as a bot would send it, for the benchmarks and the conformance tests.</summary>
    public abstract SampleRequest SampleOrder { get; }

    public override string ToString() => Name;
}
