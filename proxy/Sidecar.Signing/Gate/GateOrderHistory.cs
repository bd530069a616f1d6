namespace Sidecar.Signing.Gate;

/// <summary>
/// Gate v4 "List all open orders" (<c>GET /api/v4/spot/open_orders</c>: <c>[{"currency_pair","orders":[…]}]</c>) and,
/// per currency pair, "List orders" (<c>GET /api/v4/spot/orders</c>, <c>status=finished</c>, <c>from</c> in Unix
/// seconds). Orders are <c>{"id","text","currency_pair","create_time_ms",…}</c>, <c>text</c> being the client's id
/// (<c>t-…</c>); an order answer is one such order (a batch: a list, where <c>succeeded</c> is true). Client ids go in
/// JSON bodies: Sidecar adds none.
/// </summary>
internal sealed class GateOrderHistory : OrderHistory
{
    public override IReadOnlyList<HistoryRequest> Requests(HistoryQuery query)
    {
        var requests = new List<HistoryRequest> { new("GET", "/api/v4/spot/open_orders") };
        foreach (var symbol in query.Symbols)
        {
            requests.Add(new("GET", "/api/v4/spot/orders",
                string.Create(CultureInfo.InvariantCulture, $"currency_pair={Uri.EscapeDataString(symbol)}&status=finished&from={query.SinceMs / 1000}"), Symbol: symbol));
        }

        return requests;
    }

    public override IReadOnlyList<ExchangeOrder>? Parse(HistoryRequest request, JsonElement answer, out string? error)
    {
        error = null;
        if (answer.ValueKind != JsonValueKind.Array)
        {
            error = OrderJson.Text(answer, "message") ?? OrderJson.Text(answer, "label") ?? "the answer is not a list";
            return null;
        }

        var orders = new List<ExchangeOrder>();
        foreach (var item in answer.EnumerateArray())
        {
            if (OrderJson.Array(item, "orders") is { } pairOrders)
            {
                var pair = OrderJson.Text(item, "currency_pair");
                orders.AddRange(OrderJson.Each(pairOrders, order => Order(order, pair)));
            }
            else if (Order(item, request.Symbol) is { } order)
            {
                orders.Add(order);
            }
        }

        return orders;
    }

    public override IReadOnlyList<ExchangeOrder> ReadPlaced(ExchangeEndpoint endpoint, JsonElement answer) => answer.ValueKind switch
    {
        JsonValueKind.Array => OrderJson.Each(answer, order => order.TryGetProperty("succeeded", out var ok) && ok.ValueKind == JsonValueKind.False ? null : Order(order, null)),
        JsonValueKind.Object => Order(answer, null) is { } order ? [order] : [],
        _ => [],
    };

    private static ExchangeOrder? Order(JsonElement order, string? pair) =>
        OrderJson.Text(order, "id") is { } id
            ? new ExchangeOrder(OrderJson.Text(order, "currency_pair") ?? pair, id, OrderJson.Text(order, "text"), OrderJson.Time(order, "create_time_ms") ?? OrderJson.Time(order, "create_time"))
            : null;
}
