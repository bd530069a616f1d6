namespace Sidecar.Signing.Policy;

/// <summary>
/// One row of an exchange's endpoint table: which requests it covers, what they need (public, key only, signed),
/// what they do (the policy category), and whether and how they place orders. Everything Sidecar knows about an
/// endpoint is here, so a request is classified once and every later step reads the same row.
/// </summary>
public sealed class ExchangeEndpoint
{
    private ExchangeEndpoint(EndpointPattern pattern, EndpointAccess access, EndpointCategory category, OrderReader? orders, AnswerRewriter? answers = null)
    {
        Pattern = pattern;
        Access = access;
        Category = category;
        Orders = orders;
        Answers = answers;
    }

    private ExchangeEndpoint(ExchangeEndpoint row, EndpointPattern pattern)
        : this(pattern, row.Access, row.Category, row.Orders, row.Answers)
    {
        Weight = row.Weight;
        Cancels = row.Cancels;
        OwnLimit = row.OwnLimit;
    }

    /// <summary>The row for a request no row covers: signed (a private call must never go out unsigned) and unlisted.</summary>
    public static ExchangeEndpoint Unlisted { get; } = new(EndpointPattern.Parse("* /**"), EndpointAccess.Signed, EndpointCategory.Unknown, null);

    public EndpointPattern Pattern { get; }

    public EndpointAccess Access { get; }

    public EndpointCategory Category { get; }

    /// <summary>How the orders a request to this endpoint places are read; null when it places none.</summary>
    public OrderReader? Orders { get; }

    /// <summary>What is rewritten in the exchange's answer before the bot sees it; null for most endpoints.</summary>
    public AnswerRewriter? Answers { get; private init; }

    /// <summary>What a request costs against the exchange's weight limits, as the exchange documents it (1 when it does not).</summary>
    public RequestWeight Weight { get; private init; } = RequestWeight.One;

    /// <summary>
    /// The request only cancels orders (one, all, or all after a time-out): Sidecar's own limits never hold it, so a
    /// bot can always get out of the market. It still counts against them.
    /// </summary>
    public bool Cancels { get; private init; }

    /// <summary>A limit of this endpoint's own (OKX: placing an order, 60 per 2 s), counted per row; null: the set's per-endpoint default.</summary>
    public RateLimit? OwnLimit { get; private init; }

    /// <summary>This row, with the exchange's answers rewritten by <paramref name="answers"/> (tokens kept from the bot).</summary>
    public ExchangeEndpoint Answering(AnswerRewriter answers) => new(this, Pattern) { Answers = answers };

    /// <summary>This row, costing <paramref name="weight"/> against the exchange's weight limits.</summary>
    public ExchangeEndpoint Weighing(int weight) => new(this, Pattern) { Weight = RequestWeight.Fixed(weight) };

    /// <summary>This row, costing what <paramref name="weight"/> says for each request.</summary>
    public ExchangeEndpoint Weighing(RequestWeight weight) => new(this, Pattern) { Weight = weight };

    /// <summary>This row, with a limit of its own (counted per row).</summary>
    public ExchangeEndpoint Limited(RateLimit limit) => new(this, Pattern) { OwnLimit = limit.Scope == RateScope.Endpoint ? limit : limit.PerEndpoint() };

    /// <summary>
    /// This row's access, category, orders and answers under another pattern: an exchange whose WebSocket methods are
    /// its REST paths (Deribit's <c>private/buy</c> is <c>/api/v2/private/buy</c>) builds its WebSocket table from its
    /// REST table, so both are judged by one set of rows.
    /// </summary>
    public ExchangeEndpoint For(string pattern) => new(this, EndpointPattern.ParseTableEntry(pattern));

    /// <summary>The orders the request places, read from the bytes that will be signed (<see cref="OrderRead.None"/> if none).</summary>
    public OrderRead ReadOrders(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat format) =>
        Orders?.Read(query, body, format) ?? OrderRead.None;

    public override string ToString() => $"{Pattern} ({Access}, {Category})";

    /// <summary>Public market data: forwarded unsigned, with whatever credentials the bot sent stripped.</summary>
    public static ExchangeEndpoint Public(string pattern) => New(pattern, EndpointAccess.Public, EndpointCategory.Public);

    /// <summary>Needs the API key and no signature (Binance's USER_STREAM and MARKET_DATA endpoints).</summary>
    public static ExchangeEndpoint KeyOnly(string pattern, EndpointCategory category) => New(pattern, EndpointAccess.ApiKey, category);

    /// <summary>A signed account read: balances, positions, orders, fills.</summary>
    public static ExchangeEndpoint Read(string pattern) => New(pattern, EndpointAccess.Signed, EndpointCategory.Read);

    /// <summary>A signed trading call; <paramref name="orders"/> reads the orders it places, null for cancels and settings.</summary>
    public static ExchangeEndpoint Trade(string pattern, OrderReader? orders = null) => New(pattern, EndpointAccess.Signed, EndpointCategory.Trade, orders);

    /// <summary>A signed call that only cancels orders: never held by Sidecar's own rate limits (<see cref="Cancels"/>).</summary>
    public static ExchangeEndpoint Cancel(string pattern) => new(EndpointPattern.ParseTableEntry(pattern), EndpointAccess.Signed, EndpointCategory.Trade, null) { Cancels = true };

    /// <summary>Moves funds off the exchange: denied in every profile.</summary>
    public static ExchangeEndpoint Withdrawal(string pattern) => New(pattern, EndpointAccess.Signed, EndpointCategory.Withdrawal);

    /// <summary>Moves funds between accounts or wallets: denied in every profile.</summary>
    public static ExchangeEndpoint Transfer(string pattern) => New(pattern, EndpointAccess.Signed, EndpointCategory.Transfer);

    /// <summary>Creates or manages sub-accounts: denied in every profile.</summary>
    public static ExchangeEndpoint SubAccount(string pattern) => New(pattern, EndpointAccess.Signed, EndpointCategory.SubAccount);

    /// <summary>Creates, changes or lists API keys: denied in every profile.</summary>
    public static ExchangeEndpoint KeyManagement(string pattern) => New(pattern, EndpointAccess.Signed, EndpointCategory.ApiKeyManagement);

    /// <summary>
    /// Signed, in no category a profile allows (only an explicit Allow rule opens it), yet known to place orders, so
    /// an Allow rule for it still passes through the order guards.
    /// </summary>
    public static ExchangeEndpoint UnlistedOrders(string pattern, OrderReader orders) => New(pattern, EndpointAccess.Signed, EndpointCategory.Unknown, orders);

    private static ExchangeEndpoint New(string pattern, EndpointAccess access, EndpointCategory category, OrderReader? orders = null) =>
        new(EndpointPattern.ParseTableEntry(pattern), access, category, orders);
}
