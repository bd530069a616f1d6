namespace Sidecar.Signing.Kraken;

/// <summary>
/// Reads the orders a Kraken WebSocket v2 request places from its <c>params</c> object, for the order guards. v2 names
/// the REST fields differently (docs.kraken.com, spot-websocket-v2 add_order / edit_order / batch_add):
/// <c>symbol</c> (<c>BTC/USD</c>, where REST says <c>pair</c> <c>XBTUSD</c>), <c>side</c> (REST <c>type</c>),
/// <c>order_type</c> (REST <c>ordertype</c>), <c>order_qty</c> (REST <c>volume</c>), <c>limit_price</c> (REST
/// <c>price</c>), <c>cl_ord_id</c>. Numbers are JSON numbers. What the guards cannot price is unreadable, as over REST:
/// a quantity in the quote currency (<c>cash_order_qty</c>, REST's <c>viqc</c>) and relative prices (a
/// <c>limit_price_type</c> or trigger <c>price_type</c> of <c>pct</c> or <c>quote</c>, and every
/// <c>trailing-stop-limit</c>, whose limit is an offset by default).
/// </summary>
internal static class KrakenWebSocketOrders
{
    /// <summary><c>add_order</c> and <c>edit_order</c>: one order, the <c>params</c> object itself.</summary>
    public static readonly OrderReader Single = OrderReader.Of(static (_, body, _) =>
    {
        using var json = JsonOrderReader.ParseObject(body);
        return Read(json.RootElement, symbol: null);
    });

    /// <summary><c>batch_add</c>: the orders in <c>params.orders</c>, all for <c>params.symbol</c> (one pair per batch).</summary>
    public static readonly OrderReader Batch = OrderReader.Of(static (_, body, _) =>
    {
        using var json = JsonOrderReader.ParseObject(body);
        var root = json.RootElement;
        if (!root.TryGetProperty("orders", out var batch) || batch.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("a batch_add needs an 'orders' array");
        }

        var symbol = JsonOrderReader.Text(root, "symbol") ?? throw new FormatException("a batch_add needs a 'symbol'");
        var orders = new List<OrderFields>();
        foreach (var order in batch.EnumerateArray())
        {
            if (order.ValueKind == JsonValueKind.Object && order.TryGetProperty("symbol", out _))
            {
                // Kraken takes the batch's symbol; an order naming its own would be judged on a symbol it may not trade on.
                throw new FormatException("an order in a batch_add names its own 'symbol': the batch's symbol applies to all");
            }

            var read = Read(order, symbol);
            if (read.UnreadableReason is not null)
            {
                return read;
            }

            orders.Add(read.Orders[0]);
        }

        return OrderRead.Of([.. orders]);
    });

    /// <summary><c>amend_order</c> names no symbol (only the order id), as REST AmendOrder: not inspected.</summary>
    public static readonly OrderReader Unparsed = OrderReader.Unreadable("Kraken order amendments (amend_order) name no symbol and are not inspected by the order guards");

    private static OrderRead Read(JsonElement order, string? symbol)
    {
        if (order.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an order must be a JSON object");
        }

        if (order.TryGetProperty("cash_order_qty", out _))
        {
            return OrderRead.Unreadable("a Kraken quantity in the quote currency (cash_order_qty) is not inspected by the order guards");
        }

        var type = JsonOrderReader.Text(order, "order_type");
        if (type == "trailing-stop-limit" || IsRelative(JsonOrderReader.Text(order, "limit_price_type")))
        {
            return OrderRead.Unreadable("a relative Kraken limit price (limit_price_type pct or quote, trailing-stop-limit) is not inspected by the order guards");
        }

        var fields = JsonOrderReader.Fields(order, symbol: "symbol", side: "side", type: "order_type", quantity: "order_qty", price: "limit_price", clientOrderId: "cl_ord_id");
        if (symbol is not null)
        {
            fields = fields with { Symbol = symbol };
        }

        // A triggered order without a limit (stop-loss, take-profit, trailing-stop) executes around its trigger price:
        // a static trigger prices it, as REST's price does for those types; a relative one cannot be priced.
        if (fields.Price is null && order.TryGetProperty("triggers", out var triggers) && triggers.ValueKind == JsonValueKind.Object)
        {
            if (IsRelative(JsonOrderReader.Text(triggers, "price_type")))
            {
                return OrderRead.Unreadable("a relative Kraken trigger price (price_type pct or quote) is not inspected by the order guards");
            }

            fields = fields with { Price = JsonOrderReader.Number(triggers, "price", allowSign: false) };
        }

        return OrderRead.Of(fields);
    }

    /// <summary>Anything but the default <c>static</c> (an absolute price) is an offset.</summary>
    private static bool IsRelative(string? priceType) => priceType is not null && priceType != "static";
}
