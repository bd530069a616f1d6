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

    /// <summary>The row for a request no row covers: signed (a private call must never go out unsigned) and unlisted.</summary>
    public static ExchangeEndpoint Unlisted { get; } = new(EndpointPattern.Parse("* /**"), EndpointAccess.Signed, EndpointCategory.Unknown, null);

    public EndpointPattern Pattern { get; }

    public EndpointAccess Access { get; }

    public EndpointCategory Category { get; }

    /// <summary>How the orders a request to this endpoint places are read; null when it places none.</summary>
    public OrderReader? Orders { get; }

    /// <summary>What is rewritten in the exchange's answer before the bot sees it; null for most endpoints.</summary>
    public AnswerRewriter? Answers { get; }

    /// <summary>This row, with the exchange's answers rewritten by <paramref name="answers"/> (tokens kept from the bot).</summary>
    public ExchangeEndpoint Answering(AnswerRewriter answers) => new(Pattern, Access, Category, Orders, answers);

    /// <summary>
    /// This row's access, category, orders and answers under another pattern: an exchange whose WebSocket methods are
    /// its REST paths (Deribit's <c>private/buy</c> is <c>/api/v2/private/buy</c>) builds its WebSocket table from its
    /// REST table, so both are judged by one set of rows.
    /// </summary>
    public ExchangeEndpoint For(string pattern) => new(EndpointPattern.ParseTableEntry(pattern), Access, Category, Orders, Answers);

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
