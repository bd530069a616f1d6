namespace Sidecar.Signing.Bitmex;

/// <summary>
/// BitMEX "Get your orders" (<c>GET /api/v1/order</c>): the open ones (<c>filter={"open":true}</c>) and those since the
/// last poll (<c>startTime</c>, ISO 8601). Orders are <c>{"orderID","clOrdID","symbol","transactTime",…}</c>, as the
/// answer to placing one is. Client ids (<c>clOrdID</c>) are the bot's; Sidecar adds none.
/// </summary>
internal sealed class BitmexOrderHistory : OrderHistory
{
    public override IReadOnlyList<HistoryRequest> Requests(HistoryQuery query) =>
    [
        new("GET", "/api/v1/order", "filter=" + Uri.EscapeDataString("{\"open\":true}") + "&count=500"),
        new("GET", "/api/v1/order", "startTime=" + Uri.EscapeDataString(DateTimeOffset.FromUnixTimeMilliseconds(query.SinceMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)) + "&count=500"),
    ];

    public override IReadOnlyList<ExchangeOrder>? Parse(HistoryRequest request, JsonElement answer, out string? error)
    {
        error = null;
        if (answer.ValueKind != JsonValueKind.Array)
        {
            error = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out var failure) ? OrderJson.Text(failure, "message") : null;
            error ??= "the answer is not a list of orders";
            return null;
        }

        return OrderJson.Each(answer, Order);
    }

    public override IReadOnlyList<ExchangeOrder> ReadPlaced(ExchangeEndpoint endpoint, JsonElement answer) => answer.ValueKind switch
    {
        JsonValueKind.Array => OrderJson.Each(answer, Order),
        _ => Order(answer) is { } order ? [order] : [],
    };

    private static ExchangeOrder? Order(JsonElement order) =>
        OrderJson.Text(order, "orderID") is { } id
            ? new ExchangeOrder(OrderJson.Text(order, "symbol"), id, OrderJson.Text(order, "clOrdID"), OrderJson.Time(order, "transactTime") ?? OrderJson.Time(order, "timestamp"))
            : null;
}
