namespace Sidecar.Signing.Reconcile;

/// <summary>
/// One exchange's order history, as reconciliation reads it: the signed read-only requests that list the account's
/// orders (open ones, and recent ones per symbol), how to read their answers, how to read the orders an answer to
/// an order request names (the exchange's order ids of orders Sidecar signed), and where Sidecar may add a client
/// order id the bot did not send. An exchange without a usable history endpoint has <see cref="Unavailable"/>.
/// </summary>
public abstract class OrderHistory
{
    /// <summary>Why this exchange's orders cannot be reconciled; null when they can.</summary>
    public virtual string? UnavailableReason => null;

    /// <summary>The requests of one poll: the open orders, and the orders of <see cref="HistoryQuery.Symbols"/> since the last poll.</summary>
    public abstract IReadOnlyList<HistoryRequest> Requests(HistoryQuery query);

    /// <summary>The orders in a 2xx answer to <paramref name="request"/>; null with <paramref name="error"/> when it is not the documented shape.</summary>
    public abstract IReadOnlyList<ExchangeOrder>? Parse(HistoryRequest request, JsonElement answer, out string? error);

    /// <summary>
    /// The orders a 2xx answer to an order-placing request names (their exchange ids), for matching them later; empty
    /// when the answer names none. Never throws on an answer of another shape.
    /// </summary>
    public abstract IReadOnlyList<ExchangeOrder> ReadPlaced(ExchangeEndpoint endpoint, JsonElement answer);

    /// <summary>
    /// The parameter in which Sidecar may add a client order id to an order the bot sent without one (form-encoded
    /// single orders only, where the exchange takes one); null when it adds none for this endpoint.
    /// </summary>
    public virtual ClientOrderIdParameter? ClientOrderId(ExchangeEndpoint endpoint) => null;

    /// <summary>The exchange has no order history Sidecar can read: <paramref name="reason"/> says why.</summary>
    public static OrderHistory Unavailable(string reason) => new UnavailableHistory(reason);

    private sealed class UnavailableHistory(string reason) : OrderHistory
    {
        public override string? UnavailableReason => reason;

        public override IReadOnlyList<HistoryRequest> Requests(HistoryQuery query) => [];

        public override IReadOnlyList<ExchangeOrder>? Parse(HistoryRequest request, JsonElement answer, out string? error)
        {
            error = reason;
            return null;
        }

        public override IReadOnlyList<ExchangeOrder> ReadPlaced(ExchangeEndpoint endpoint, JsonElement answer) => [];
    }
}

/// <summary>What one poll asks for: the venue's exchange host, the symbols to read the history of, and since when.</summary>
/// <param name="ExchangeHost">The first of the venue's Hosts (which product: Binance spot or USD-M).</param>
/// <param name="Symbols">Policy:Symbols and the symbols Sidecar signed orders for since the last poll, as the exchange spells them.</param>
/// <param name="SinceMs">Orders created from this time (Unix ms, the exchange's clock) are read.</param>
/// <param name="NowMs">The exchange's time now.</param>
public sealed record HistoryQuery(string ExchangeHost, IReadOnlyCollection<string> Symbols, long SinceMs, long NowMs);

/// <summary>One signed read-only request of a poll.</summary>
/// <param name="Symbol">The symbol it is about, for answers that leave it out.</param>
public sealed record HistoryRequest(string Method, string Path, string Query = "", string Body = "", BodyFormat Format = BodyFormat.None, string? Symbol = null)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>An order as the exchange lists it: never a secret, only what names it.</summary>
/// <param name="CreatedMs">When the exchange created it (Unix ms); null when the answer does not say.</param>
public sealed record ExchangeOrder(string? Symbol, string OrderId, string? ClientOrderId, long? CreatedMs);

/// <summary>Where and how long a client order id Sidecar adds may be (Binance <c>newClientOrderId</c>, at most 36 characters).</summary>
public sealed record ClientOrderIdParameter(string Name, int MaxLength);
