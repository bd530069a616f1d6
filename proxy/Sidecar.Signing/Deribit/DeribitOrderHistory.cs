namespace Sidecar.Signing.Deribit;

/// <summary>
/// Deribit v2 <c>private/get_open_orders</c> (every instrument) and, per instrument, <c>private/get_order_history_by_instrument</c>
/// (the most recent 100), over JSON-RPC as GET. Answers are <c>{"result":[{"order_id","label","instrument_name",
/// "creation_timestamp",…}]}</c>; buy and sell answer <c>{"result":{"order":{…}}}</c>. The client's id is the order's
/// <c>label</c>, which the bot chooses; Sidecar adds none.
/// </summary>
internal sealed class DeribitOrderHistory : OrderHistory
{
    public override IReadOnlyList<HistoryRequest> Requests(HistoryQuery query)
    {
        var requests = new List<HistoryRequest> { new("GET", DeribitEndpoints.PrivatePrefix + "get_open_orders") };
        foreach (var symbol in query.Symbols)
        {
            requests.Add(new("GET", DeribitEndpoints.PrivatePrefix + "get_order_history_by_instrument",
                string.Create(CultureInfo.InvariantCulture, $"instrument_name={Uri.EscapeDataString(symbol)}&count=100"), Symbol: symbol));
        }

        return requests;
    }

    public override IReadOnlyList<ExchangeOrder>? Parse(HistoryRequest request, JsonElement answer, out string? error)
    {
        error = null;
        if (OrderJson.Array(answer, "result") is not { } result)
        {
            error = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out var failure) ? OrderJson.Text(failure, "message") : "the answer has no result";
            error ??= "the answer has no result";
            return null;
        }

        return OrderJson.Each(result, Order);
    }

    public override IReadOnlyList<ExchangeOrder> ReadPlaced(ExchangeEndpoint endpoint, JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
        && result.TryGetProperty("order", out var order) && Order(order) is { } placed
            ? [placed]
            : [];

    private static ExchangeOrder? Order(JsonElement order) =>
        OrderJson.Text(order, "order_id") is { } id
            ? new ExchangeOrder(OrderJson.Text(order, "instrument_name"), id, OrderJson.Text(order, "label"), OrderJson.Time(order, "creation_timestamp"))
            : null;
}
