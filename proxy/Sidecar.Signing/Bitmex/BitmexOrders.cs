namespace Sidecar.Signing.Bitmex;

/// <summary>
/// Reads the order a BitMEX request places (<c>POST /api/v1/order</c>, JSON or form): symbol, side, ordType,
/// orderQty, price, clOrdID. A missing ordType is BitMEX's default, Limit. Quantities and prices may be signed
/// (a negative orderQty is a sell). Amendments, bulk orders and close-position are not inspected.
/// </summary>
internal static class BitmexOrders
{
    private static readonly FormOrderReader.Names Names = new("symbol", "side", "ordType", "orderQty", "price", "clOrdID");

    public static readonly OrderReader New = OrderReader.Of(Read);

    public static readonly OrderReader Unparsed = OrderReader.Unreadable("order amendments, bulk orders and close-position are not inspected by the order guards");

    private static OrderRead Read(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat format)
    {
        if (format == BodyFormat.Json)
        {
            using var json = JsonOrderReader.ParseObject(body);
            var order = JsonOrderReader.Fields(json.RootElement, symbol: "symbol", side: "side", type: "ordType", quantity: "orderQty",
                price: "price", clientOrderId: "clOrdID", allowSign: true);
            return OrderRead.Of(order with { Type = order.Type ?? "Limit" });
        }

        var fields = FormOrderReader.Read(query, body, Names);
        return OrderRead.Of(fields with { Type = fields.Type ?? "Limit" });
    }
}
