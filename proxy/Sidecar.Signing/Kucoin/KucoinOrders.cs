namespace Sidecar.Signing.Kucoin;

/// <summary>
/// Reads the orders a KuCoin request places from its JSON body: <c>symbol</c>, <c>side</c>, <c>type</c>,
/// <c>size</c>, <c>price</c>, <c>clientOid</c>. Single orders (spot classic and high-frequency, margin, stop,
/// futures) and batches — spot's <c>{"symbol", "orderList": [...]}</c>, high-frequency's <c>{"orderList": [...]}</c>
/// and futures' top-level array. Futures <c>size</c> is in contracts (lots), not in the base currency. Amendments,
/// OCO, copy-trading and unified-account orders are not inspected (guards refuse them).
/// </summary>
internal static class KucoinOrders
{
    public static readonly OrderReader Single = OrderReader.JsonOrder(order => Order(order, defaultSymbol: null));

    public static readonly OrderReader Batch = OrderReader.Of(ReadBatch);

    public static readonly OrderReader Unparsed = OrderReader.Unreadable("order amendments, OCO, copy-trading and unified-account orders are not inspected by the order guards");

    private static OrderRead ReadBatch(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat format)
    {
        using var json = JsonOrderReader.Parse(body);
        var root = json.RootElement;
        string? symbol = null;
        JsonElement list;
        if (root.ValueKind == JsonValueKind.Array)
        {
            list = root;
        }
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("orderList", out list) && list.ValueKind == JsonValueKind.Array)
        {
            symbol = JsonOrderReader.Text(root, "symbol");
        }
        else
        {
            throw new FormatException("a batch order must be a JSON array or carry an 'orderList' array");
        }

        var orders = new List<OrderFields>();
        foreach (var item in list.EnumerateArray())
        {
            orders.Add(Order(item, symbol));
        }

        return OrderRead.Of([.. orders]);
    }

    private static OrderFields Order(JsonElement order, string? defaultSymbol)
    {
        var fields = JsonOrderReader.Fields(order, symbol: "symbol", side: "side", type: "type", quantity: "size", price: "price", clientOrderId: "clientOid");
        return fields with { Symbol = fields.Symbol ?? defaultSymbol, Type = fields.Type ?? "limit" };
    }
}
