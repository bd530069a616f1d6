namespace Sidecar.Signing.Okx;

/// <summary>
/// Reads the orders an OKX request places from its JSON body (Order Book Trading → "Place order", "Place multiple
/// orders" — a JSON array — and "Place algo order"): <c>instId</c>, <c>side</c>, <c>ordType</c>, <c>sz</c>,
/// <c>px</c>, <c>clOrdId</c>. Amendments, close-position, spread and bot orders are not inspected (guards refuse
/// them). For spot market orders <c>sz</c> may be in the quote currency (<c>tgtCcy</c>); it is read as is.
/// </summary>
internal static class OkxOrders
{
    public static readonly OrderReader Single = OrderReader.JsonOrder(Order);

    public static readonly OrderReader Batch = OrderReader.JsonBatch(Order);

    public static readonly OrderReader Unparsed = OrderReader.Unreadable("order amendments, close-position, spread, copy-trading and bot orders are not inspected by the order guards");

    public static OrderFields Order(System.Text.Json.JsonElement order) => JsonOrderReader.Fields(order,
        symbol: "instId", side: "side", type: "ordType", quantity: "sz", price: "px", clientOrderId: "clOrdId");
}
