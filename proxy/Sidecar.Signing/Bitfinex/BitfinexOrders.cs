using static Sidecar.Signing.Policy.JsonOrderObject;

namespace Sidecar.Signing.Bitfinex;

/// <summary>
/// Reads the order a Bitfinex request places (<c>POST /v2/auth/w/order/submit</c>, JSON), for the order guards:
/// the side is the sign of <c>amount</c> (docs: "positive for buy, negative for sell"), the quantity its magnitude.
/// </summary>
internal static class BitfinexOrders
{
    public static readonly OrderReader Submit = OrderReader.Of((_, body, _) =>
        JsonOrderObject.Read(body, "the Bitfinex order body is not a JSON object", "the Bitfinex order's amount or price is not a number", Fields));

    public static readonly OrderReader Unparsed = OrderReader.Unreadable("Bitfinex order updates and multi-order requests are not inspected by the order guards");

    private static OrderRead Fields(JsonElement order)
    {
        var amount = Number(order, "amount");
        return OrderRead.Of(new OrderFields
        {
            Symbol = Text(order, "symbol"),
            Type = Text(order, "type"),
            Side = amount is null ? null : amount < 0 ? "sell" : "buy",
            Quantity = amount is null ? null : Math.Abs(amount.Value),
            Price = Number(order, "price"),
            ClientOrderId = order.TryGetProperty("cid", out var cid) ? cid.ToString() : null,
        });
    }
}
