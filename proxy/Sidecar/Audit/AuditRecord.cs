using Sidecar.Signing.Policy;

namespace Sidecar.Audit;

/// <summary>
/// One decision. Never holds the secret, the signature, the passphrase or the full API key: the key is named by
/// its HSM label, and what was signed by the SHA-256 of the exact bytes.
/// </summary>
internal sealed record AuditRecord
{
    public required DateTimeOffset Time { get; init; }

    /// <summary>
    /// The sequence number of the record this one completes: an <c>answered</c> record names the intent record
    /// (<c>signed</c> or <c>forwarded</c>) written before the bytes left Sidecar. Null for a record that stands alone.
    /// </summary>
    public long? Ref { get; init; }

    public required string Venue { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    public string? KeyLabel { get; init; }

    /// <summary>A WebSocket frame's request id, as the bot sent it (the reply that answers it carries the same id).</summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// signed or forwarded (the intent, written before the bytes leave), refused or failed (nothing left), or
    /// answered (what became of an intent: the exchange's status, or why there was none); unknown_order for an order at the
    /// exchange that Sidecar never signed (reconcile).
    /// </summary>
    public required string Decision { get; init; }

    /// <summary>The rule or error code behind the decision (policy rule, bad_request, hsm_unavailable …).</summary>
    public string? Rule { get; init; }

    public OrderFields? Order { get; init; }

    /// <summary>The exchange's id of the order, where the record is about one the exchange listed (<c>unknown_order</c>).</summary>
    public string? ExchangeOrderId { get; init; }

    public int? UpstreamStatus { get; init; }

    public double? LatencyMs { get; init; }

    /// <summary>Hex SHA-256 of the bytes handed to the HSM.</summary>
    public string? SignedSha256 { get; init; }

    /// <summary>
    /// ok (answered); unknown when the exchange may have acted without Sidecar knowing the result (time-out, reset,
    /// 5xx); not_sent when the request never left (no connection, certificate refused).
    /// </summary>
    public string? Outcome { get; init; }

    /// <summary>Name of the HSM that made the signature (e.g. <c>default</c>, <c>default.standby</c>); signed records only.</summary>
    public string? Hsm { get; init; }
}
