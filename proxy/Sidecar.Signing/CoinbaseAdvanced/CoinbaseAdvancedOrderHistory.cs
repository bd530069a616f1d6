namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>
/// Coinbase Advanced Trade "List Orders" (<c>GET /api/v3/brokerage/orders/historical/batch</c>): the open orders
/// (<c>order_status=OPEN</c>) and every order since the last poll (<c>start_date</c>, RFC 3339). Answers are
/// <c>{"orders":[{"order_id","client_order_id","product_id","created_time",…}]}</c>; "Create Order" answers
/// <c>{"success":true,"success_response":{"order_id","client_order_id","product_id"}}</c>. The client order id is
/// required by Coinbase, so every order Sidecar signed has one.
/// </summary>
internal sealed class CoinbaseAdvancedOrderHistory : OrderHistory
{
    private const string Path = "/api/v3/brokerage/orders/historical/batch";

    public override IReadOnlyList<HistoryRequest> Requests(HistoryQuery query) =>
    [
        new("GET", Path, "order_status=OPEN&limit=1000"),
        new("GET", Path, "start_date=" + Uri.EscapeDataString(DateTimeOffset.FromUnixTimeMilliseconds(query.SinceMs).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)) + "&limit=1000"),
    ];

    public override IReadOnlyList<ExchangeOrder>? Parse(HistoryRequest request, JsonElement answer, out string? error)
    {
        error = null;
        if (OrderJson.Array(answer, "orders") is not { } orders)
        {
            error = OrderJson.Text(answer, "message") ?? OrderJson.Text(answer, "error") ?? "the answer has no orders";
            return null;
        }

        return OrderJson.Each(orders, Order);
    }

    public override IReadOnlyList<ExchangeOrder> ReadPlaced(ExchangeEndpoint endpoint, JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("success_response", out var placed) && Order(placed) is { } order ? [order] : [];

    private static ExchangeOrder? Order(JsonElement order) =>
        OrderJson.Text(order, "order_id") is { } id
            ? new ExchangeOrder(OrderJson.Text(order, "product_id"), id, OrderJson.Text(order, "client_order_id"), OrderJson.Time(order, "created_time"))
            : null;
}
