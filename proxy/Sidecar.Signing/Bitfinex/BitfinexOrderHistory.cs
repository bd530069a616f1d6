namespace Sidecar.Signing.Bitfinex;

/// <summary>
/// Bitfinex v2 "Retrieve Orders" (<c>POST /v2/auth/r/orders</c>, the active ones) and "Orders History"
/// (<c>POST /v2/auth/r/orders/hist</c>, <c>{"start":ms}</c>). Orders are arrays: <c>[ID, GID, CID, SYMBOL,
/// MTS_CREATE, …]</c>; "Submit Order" answers a notification <c>[MTS, "on-req", null, null, [ORDER, …], null,
/// "SUCCESS", …]</c>. The client id (CID) is a number the bot chose; Sidecar adds none.
/// </summary>
internal sealed class BitfinexOrderHistory : OrderHistory
{
    public override IReadOnlyList<HistoryRequest> Requests(HistoryQuery query) =>
    [
        new("POST", "/v2/auth/r/orders", Body: "{}", Format: BodyFormat.Json),
        new("POST", "/v2/auth/r/orders/hist", Body: string.Create(CultureInfo.InvariantCulture, $"{{\"start\":{query.SinceMs}}}"), Format: BodyFormat.Json),
    ];

    public override IReadOnlyList<ExchangeOrder>? Parse(HistoryRequest request, JsonElement answer, out string? error)
    {
        error = null;
        if (answer.ValueKind != JsonValueKind.Array || answer.GetArrayLength() > 0 && answer[0].ValueKind != JsonValueKind.Array)
        {
            // An error is ["error", CODE, "message"].
            error = answer.ValueKind == JsonValueKind.Array && answer.GetArrayLength() >= 3 ? answer[2].ToString() : "the answer is not a list of orders";
            return null;
        }

        return OrderJson.Each(answer, Order);
    }

    public override IReadOnlyList<ExchangeOrder> ReadPlaced(ExchangeEndpoint endpoint, JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Array || answer.GetArrayLength() < 5)
        {
            return [];
        }

        var placed = answer[4];
        return placed.ValueKind switch
        {
            JsonValueKind.Array when placed.GetArrayLength() > 0 && placed[0].ValueKind == JsonValueKind.Array => OrderJson.Each(placed, Order),
            JsonValueKind.Array => Order(placed) is { } order ? [order] : [],
            _ => [],
        };
    }

    private static ExchangeOrder? Order(JsonElement order) =>
        order.ValueKind == JsonValueKind.Array && order.GetArrayLength() > 4 && OrderJson.TextOf(order[0]) is { } id
            ? new ExchangeOrder(OrderJson.TextOf(order[3]), id, OrderJson.TextOf(order[2]), OrderJson.TimeOf(order[4]))
            : null;
}
