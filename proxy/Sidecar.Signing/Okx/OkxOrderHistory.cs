namespace Sidecar.Signing.Okx;

/// <summary>
/// OKX v5 "Get order List" (<c>GET /api/v5/trade/orders-pending</c>, every instrument type) and "Get order history
/// (last 7 days)" (<c>GET /api/v5/trade/orders-history</c>, by instrument type, with <c>begin</c>), for spot and
/// perpetual swaps. Answers are <c>{"code":"0","data":[{"instId","ordId","clOrdId","cTime",…}]}</c>; an order answer
/// names its orders in <c>data</c> (those with <c>sCode</c> "0" were placed). Client order ids (<c>clOrdId</c>) go in
/// JSON bodies: Sidecar adds none.
/// </summary>
internal sealed class OkxOrderHistory : OrderHistory
{
    private static readonly string[] InstrumentTypes = ["SPOT", "SWAP"];

    public override IReadOnlyList<HistoryRequest> Requests(HistoryQuery query)
    {
        var requests = new List<HistoryRequest> { new("GET", "/api/v5/trade/orders-pending") };
        foreach (var type in InstrumentTypes)
        {
            requests.Add(new("GET", "/api/v5/trade/orders-history", string.Create(CultureInfo.InvariantCulture, $"instType={type}&begin={query.SinceMs}")));
        }

        return requests;
    }

    public override IReadOnlyList<ExchangeOrder>? Parse(HistoryRequest request, JsonElement answer, out string? error)
    {
        error = null;
        if (OrderJson.Text(answer, "code") is not "0" || OrderJson.Array(answer, "data") is not { } data)
        {
            error = OrderJson.Text(answer, "msg") ?? "the answer has no data";
            return null;
        }

        return OrderJson.Each(data, Order);
    }

    public override IReadOnlyList<ExchangeOrder> ReadPlaced(ExchangeEndpoint endpoint, JsonElement answer) =>
        OrderJson.Array(answer, "data") is { } data
            ? OrderJson.Each(data, order => OrderJson.Text(order, "sCode") is null or "0" ? Order(order) : null)
            : [];

    private static ExchangeOrder? Order(JsonElement order) =>
        OrderJson.Text(order, "ordId") is { } id
            ? new ExchangeOrder(OrderJson.Text(order, "instId"), id, OrderJson.Text(order, "clOrdId"), OrderJson.Time(order, "cTime"))
            : null;
}
