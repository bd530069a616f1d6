namespace Sidecar.Signing.Bybit;

/// <summary>
/// Bybit v5 "Get Open &amp; Closed Orders" (<c>GET /v5/order/realtime</c>) and "Get Order History"
/// (<c>GET /v5/order/history</c>, with <c>startTime</c>), for spot and USDT linear contracts (a linear query needs a
/// settle coin or symbol). Answers are <c>{"retCode":0,"result":{"list":[{"orderId","orderLinkId","symbol",
/// "createdTime",…}]}}</c>; an order answer names its order in <c>result</c> (<c>result.list</c> for a batch). Client
/// order ids (<c>orderLinkId</c>) go in JSON bodies: Sidecar adds none, and matches orders without one by the id in
/// the answer it forwarded.
/// </summary>
internal sealed class BybitOrderHistory : OrderHistory
{
    private static readonly string[] Categories = ["category=spot", "category=linear&settleCoin=USDT"];

    public override IReadOnlyList<HistoryRequest> Requests(HistoryQuery query)
    {
        var requests = new List<HistoryRequest>();
        foreach (var category in Categories)
        {
            requests.Add(new("GET", "/v5/order/realtime", category + "&openOnly=0&limit=50"));
            requests.Add(new("GET", "/v5/order/history", string.Create(CultureInfo.InvariantCulture, $"{category}&startTime={query.SinceMs}&limit=50")));
        }

        return requests;
    }

    public override IReadOnlyList<ExchangeOrder>? Parse(HistoryRequest request, JsonElement answer, out string? error)
    {
        error = null;
        if (OrderJson.Text(answer, "retCode") is not "0" || OrderJson.Array(answer, "result", "list") is not { } list)
        {
            error = OrderJson.Text(answer, "retMsg") ?? "the answer has no result.list";
            return null;
        }

        return OrderJson.Each(list, Order);
    }

    public override IReadOnlyList<ExchangeOrder> ReadPlaced(ExchangeEndpoint endpoint, JsonElement answer)
    {
        if (OrderJson.Text(answer, "retCode") is not "0" || !answer.TryGetProperty("result", out var result))
        {
            return [];
        }

        return OrderJson.Array(answer, "result", "list") is { } list ? OrderJson.Each(list, Order) : Order(result) is { } order ? [order] : [];
    }

    private static ExchangeOrder? Order(JsonElement order) =>
        OrderJson.Text(order, "orderId") is { } id
            ? new ExchangeOrder(OrderJson.Text(order, "symbol"), id, OrderJson.Text(order, "orderLinkId"), OrderJson.Time(order, "createdTime"))
            : null;
}
