using Sidecar.Signing.Policy;

namespace Sidecar.Signing.Bitmex;

/// <summary>
/// Reads the order a BitMEX request places ("Order: Create a new order", POST /api/v1/order) from a JSON or form
/// body (or the query): <c>symbol</c>, <c>side</c>, <c>ordType</c> (default Limit), <c>orderQty</c>, <c>price</c>,
/// <c>clOrdID</c>. Amendments, bulk orders and close-position are not inspected (guards refuse them).
/// </summary>
internal static class BitmexOrders
{
    private static readonly FormOrderReader.Names Names = new("symbol", "side", "ordType", "orderQty", "price", "clOrdID");

    private static readonly PathTable Unparsed = new(["/api/v1/order/bulk", "/api/v1/order/closePosition"]);

    public static OrderRead Read(string method, ReadOnlySpan<byte> path, ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat bodyFormat)
    {
        if (method == "POST" && path.SequenceEqual("/api/v1/order"u8))
        {
            if (bodyFormat == BodyFormat.Json)
            {
                using var json = JsonOrderReader.ParseObject(body);
                var order = json.RootElement;
                return OrderRead.Of(new OrderFields
                {
                    Symbol = JsonOrderReader.Text(order, "symbol"),
                    Side = JsonOrderReader.Text(order, "side"),
                    Type = JsonOrderReader.Text(order, "ordType") ?? "Limit",
                    Quantity = JsonOrderReader.Number(order, "orderQty", allowSign: true),
                    Price = JsonOrderReader.Number(order, "price", allowSign: true),
                    ClientOrderId = JsonOrderReader.Text(order, "clOrdID"),
                });
            }

            var fields = FormOrderReader.Read(query, body, Names);
            return OrderRead.Of(fields with { Type = fields.Type ?? "Limit" });
        }

        return method is "PUT" && path.SequenceEqual("/api/v1/order"u8) || method is "POST" or "PUT" && Unparsed.Matches(path)
            ? OrderRead.Unreadable("order amendments, bulk orders and close-position are not inspected by the order guards")
            : OrderRead.None;
    }
}
