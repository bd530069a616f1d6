namespace Sidecar.Signing.Binance;

/// <summary>
/// Binance's order history (rest-api.md "Current open orders", "All orders"; the USD-M and COIN-M equivalents): per
/// poll, <c>GET …/openOrders</c> without a symbol (every symbol's open orders) and <c>GET …/allOrders</c> for each
/// symbol with <c>startTime</c> (the docs allow at most 24 h between startTime and now, so older is cut to that).
/// Orders are <c>{"symbol","orderId","clientOrderId","time",…}</c>; an order answer names its order the same way,
/// a cancel-replace's under <c>newOrderResponse</c>, a batch's in an array. Sidecar may add a
/// <c>newClientOrderId</c> (at most 36 characters of <c>[.A-Z:/a-z0-9_-]</c>) to single orders.
/// </summary>
internal sealed class BinanceOrderHistory : OrderHistory
{
    private static readonly TimeSpan AllOrdersSpan = TimeSpan.FromHours(24);

    private static readonly ClientOrderIdParameter NewClientOrderId = new("newClientOrderId", 36);

    private static readonly HashSet<string> TakesClientOrderId = new(StringComparer.Ordinal)
    {
        "POST /api/v3/order", "POST /api/v3/order/cancelReplace", "POST /api/v3/sor/order", "POST /fapi/v1/order", "POST /dapi/v1/order",
    };

    public override IReadOnlyList<HistoryRequest> Requests(HistoryQuery query)
    {
        var prefix = PrefixOf(query.ExchangeHost);
        var since = Math.Max(query.SinceMs, query.NowMs - (long)AllOrdersSpan.TotalMilliseconds + 60_000);
        var requests = new List<HistoryRequest> { new("GET", prefix + "/openOrders") };
        foreach (var symbol in query.Symbols)
        {
            requests.Add(new("GET", prefix + "/allOrders",
                string.Create(CultureInfo.InvariantCulture, $"symbol={Uri.EscapeDataString(symbol)}&startTime={since}"), Symbol: symbol));
        }

        return requests;
    }

    public override IReadOnlyList<ExchangeOrder>? Parse(HistoryRequest request, JsonElement answer, out string? error)
    {
        error = null;
        if (answer.ValueKind != JsonValueKind.Array)
        {
            error = answer.ValueKind == JsonValueKind.Object && OrderJson.Text(answer, "msg") is { } message ? message : "the answer is not a list of orders";
            return null;
        }

        return OrderJson.Each(answer, Order);
    }

    public override IReadOnlyList<ExchangeOrder> ReadPlaced(ExchangeEndpoint endpoint, JsonElement answer) => answer.ValueKind switch
    {
        JsonValueKind.Array => OrderJson.Each(answer, Order),
        JsonValueKind.Object when answer.TryGetProperty("newOrderResponse", out var placed) => Order(placed) is { } order ? [order] : [],
        JsonValueKind.Object => Order(answer) is { } order ? [order] : [],
        _ => [],
    };

    public override ClientOrderIdParameter? ClientOrderId(ExchangeEndpoint endpoint) =>
        TakesClientOrderId.Contains(endpoint.Pattern.Text) ? NewClientOrderId : null;

    private static ExchangeOrder? Order(JsonElement order) =>
        OrderJson.Text(order, "orderId") is { } id
            ? new ExchangeOrder(OrderJson.Text(order, "symbol"), id, OrderJson.Text(order, "clientOrderId"), OrderJson.Time(order, "time") ?? OrderJson.Time(order, "transactTime") ?? OrderJson.Time(order, "updateTime"))
            : null;

    // The family's path prefix, by host as BinanceTime chooses it.
    private static string PrefixOf(string exchangeHost)
    {
        var time = BinanceTime.For(exchangeHost);
        return ReferenceEquals(time, BinanceTime.UsdM) ? "/fapi/v1" : ReferenceEquals(time, BinanceTime.CoinM) ? "/dapi/v1" : "/api/v3";
    }
}
