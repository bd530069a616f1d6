using static Sidecar.Signing.Policy.JsonOrderObject;

namespace Sidecar.Signing.Gate;

/// <summary>
/// Reads the order a Gate request places (<c>POST /api/v4/spot/orders</c>, JSON: currency_pair, side, type, amount,
/// price, text), for the order guards. Other order-placing requests (batches, amendments, trigger orders, futures,
/// delivery and options orders whose sizes are in contracts) are unreadable, as are market buys, whose amount Gate
/// takes in the quote currency.
/// </summary>
internal static class GateOrders
{
    public static readonly OrderReader Spot = OrderReader.Of((_, body, _) =>
        JsonOrderObject.Read(body, "the Gate order body is not a JSON object", "the Gate order's amount or price is not a number", SpotOrder));

    public static readonly OrderReader Unparsed = OrderReader.Unreadable("Gate batch, amended, trigger and contract orders are not inspected by the order guards");

    private static OrderRead SpotOrder(JsonElement order)
    {
        var side = Text(order, "side");
        var type = Text(order, "type") ?? "limit";
        if (type == "market" && side == "buy")
        {
            return OrderRead.Unreadable("a Gate market buy's amount is in the quote currency and is not inspected by the order guards");
        }

        return OrderRead.Of(new OrderFields
        {
            Symbol = Text(order, "currency_pair"),
            Side = side,
            Type = type,
            Quantity = Number(order, "amount"),
            Price = Number(order, "price"),
            ClientOrderId = Text(order, "text"),
        });
    }
}
