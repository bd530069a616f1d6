namespace Sidecar.Signing.CoinbaseExchange;

/// <summary>
/// Coinbase Exchange "Get all orders" (<c>GET /orders</c>): the open ones (its default), and every order since the
/// last poll (<c>status=all</c>, <c>start_date</c>). Orders are <c>{"id","client_oid","product_id","created_at",…}</c>,
/// as the answer to "Create a new order" is. Client order ids (<c>client_oid</c>) go in JSON bodies: Sidecar adds none.
/// </summary>
internal sealed class CoinbaseExchangeOrderHistory : OrderHistory
{
    public override IReadOnlyList<HistoryRequest> Requests(HistoryQuery query) =>
    [
        new("GET", "/orders", "limit=1000"),
        new("GET", "/orders", "status=all&start_date=" + Uri.EscapeDataString(DateTimeOffset.FromUnixTimeMilliseconds(query.SinceMs).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)) + "&limit=1000"),
    ];

    public override IReadOnlyList<ExchangeOrder>? Parse(HistoryRequest request, JsonElement answer, out string? error)
    {
        error = null;
        if (answer.ValueKind != JsonValueKind.Array)
        {
            error = OrderJson.Text(answer, "message") ?? "the answer is not a list of orders";
            return null;
        }

        return OrderJson.Each(answer, Order);
    }

    public override IReadOnlyList<ExchangeOrder> ReadPlaced(ExchangeEndpoint endpoint, JsonElement answer) =>
        Order(answer) is { } order ? [order] : [];

    private static ExchangeOrder? Order(JsonElement order) =>
        OrderJson.Text(order, "id") is { } id
            ? new ExchangeOrder(OrderJson.Text(order, "product_id"), id, OrderJson.Text(order, "client_oid"), OrderJson.Time(order, "created_at"))
            : null;
}
