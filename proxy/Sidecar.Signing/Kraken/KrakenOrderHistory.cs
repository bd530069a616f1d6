namespace Sidecar.Signing.Kraken;

/// <summary>
/// Kraken "Get Open Orders" (<c>POST /0/private/OpenOrders</c>) and "Get Closed Orders" (<c>POST
/// /0/private/ClosedOrders</c>, <c>start</c> in Unix seconds), signed like any private call (the scheme writes the
/// nonce). Answers are <c>{"error":[],"result":{"open"|"closed":{"TXID":{"cl_ord_id","opentm","descr":{"pair"},…}}}}</c>;
/// AddOrder answers <c>{"result":{"txid":["TXID"]}}</c>, AddOrderBatch <c>{"result":{"orders":[{"txid"}]}}</c>. Client
/// order ids (<c>cl_ord_id</c>) are the bot's; Sidecar adds none.
/// </summary>
internal sealed class KrakenOrderHistory : OrderHistory
{
    public override IReadOnlyList<HistoryRequest> Requests(HistoryQuery query) =>
    [
        new("POST", "/0/private/OpenOrders", Format: BodyFormat.Form),
        new("POST", "/0/private/ClosedOrders", Body: string.Create(CultureInfo.InvariantCulture, $"start={query.SinceMs / 1000}"), Format: BodyFormat.Form),
    ];

    public override IReadOnlyList<ExchangeOrder>? Parse(HistoryRequest request, JsonElement answer, out string? error)
    {
        error = null;
        if (OrderJson.Array(answer, "error") is { } errors && errors.GetArrayLength() > 0)
        {
            error = string.Join("; ", errors.EnumerateArray().Select(e => e.ToString()));
            return null;
        }

        if (!answer.TryGetProperty("result", out var result) || !(result.TryGetProperty("open", out var orders) || result.TryGetProperty("closed", out orders))
            || orders.ValueKind != JsonValueKind.Object)
        {
            error = "the answer has no result.open or result.closed";
            return null;
        }

        var list = new List<ExchangeOrder>();
        foreach (var order in orders.EnumerateObject())
        {
            var pair = order.Value.TryGetProperty("descr", out var descr) ? OrderJson.Text(descr, "pair") : null;
            list.Add(new ExchangeOrder(pair, order.Name, OrderJson.Text(order.Value, "cl_ord_id"), OrderJson.Time(order.Value, "opentm")));
        }

        return list;
    }

    public override IReadOnlyList<ExchangeOrder> ReadPlaced(ExchangeEndpoint endpoint, JsonElement answer)
    {
        if (!answer.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var placed = new List<ExchangeOrder>();
        AddTxids(result, placed);
        if (OrderJson.Array(result, "orders") is { } batch)
        {
            foreach (var order in batch.EnumerateArray())
            {
                AddTxids(order, placed);
            }
        }

        return placed;
    }

    private static void AddTxids(JsonElement element, List<ExchangeOrder> placed)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("txid", out var txid))
        {
            return;
        }

        foreach (var id in txid.ValueKind == JsonValueKind.Array ? txid.EnumerateArray() : Enumerable.Repeat(txid, 1))
        {
            if (OrderJson.TextOf(id) is { } text)
            {
                placed.Add(new ExchangeOrder(null, text, null, null));
            }
        }
    }
}
