namespace Sidecar.Signing.Kucoin;

/// <summary>
/// KuCoin's order lists: classic orders (<c>GET /api/v1/orders</c>, <c>status=active</c>, and <c>status=done</c> with
/// <c>startAt</c>; <c>{"code":"200000","data":{"items":[…]}}</c>) and, per symbol, high-frequency orders
/// (<c>GET /api/v1/hf/orders/active</c>, <c>data</c> a list; <c>GET /api/v1/hf/orders/done</c> with <c>startAt</c>,
/// <c>data.items</c>). Orders are <c>{"id","clientOid","symbol","createdAt",…}</c>; an order answer is
/// <c>{"data":{"orderId","clientOid"}}</c>. Client order ids go in JSON bodies: Sidecar adds none.
/// </summary>
internal sealed class KucoinOrderHistory : OrderHistory
{
    public override IReadOnlyList<HistoryRequest> Requests(HistoryQuery query)
    {
        var requests = new List<HistoryRequest>
        {
            new("GET", "/api/v1/orders", "status=active"),
            new("GET", "/api/v1/orders", string.Create(CultureInfo.InvariantCulture, $"status=done&startAt={query.SinceMs}")),
        };
        foreach (var symbol in query.Symbols)
        {
            var escaped = Uri.EscapeDataString(symbol);
            requests.Add(new("GET", "/api/v1/hf/orders/active", $"symbol={escaped}", Symbol: symbol));
            requests.Add(new("GET", "/api/v1/hf/orders/done", string.Create(CultureInfo.InvariantCulture, $"symbol={escaped}&startAt={query.SinceMs}"), Symbol: symbol));
        }

        return requests;
    }

    public override IReadOnlyList<ExchangeOrder>? Parse(HistoryRequest request, JsonElement answer, out string? error)
    {
        error = null;
        if (OrderJson.Text(answer, "code") is not "200000" || !answer.TryGetProperty("data", out var data))
        {
            error = OrderJson.Text(answer, "msg") ?? "the answer has no data";
            return null;
        }

        var list = data.ValueKind == JsonValueKind.Array ? data : OrderJson.Array(data, "items");
        if (list is null)
        {
            return data.ValueKind == JsonValueKind.Null ? [] : Fail(out error);
        }

        return OrderJson.Each(list.Value, order => Order(order, request.Symbol));
    }

    public override IReadOnlyList<ExchangeOrder> ReadPlaced(ExchangeEndpoint endpoint, JsonElement answer) =>
        OrderJson.Text(answer, "code") is "200000" && answer.TryGetProperty("data", out var data) && OrderJson.Text(data, "orderId") is { } id
            ? [new ExchangeOrder(OrderJson.Text(data, "symbol"), id, OrderJson.Text(data, "clientOid"), null)]
            : [];

    private static IReadOnlyList<ExchangeOrder>? Fail(out string? error)
    {
        error = "the answer's data is neither a list nor has items";
        return null;
    }

    private static ExchangeOrder? Order(JsonElement order, string? symbol) =>
        OrderJson.Text(order, "id") is { } id
            ? new ExchangeOrder(OrderJson.Text(order, "symbol") ?? symbol, id, OrderJson.Text(order, "clientOid"), OrderJson.Time(order, "createdAt"))
            : null;
}
