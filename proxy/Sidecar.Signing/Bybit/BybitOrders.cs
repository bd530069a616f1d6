namespace Sidecar.Signing.Bybit;

/// <summary>
/// Reads the orders a Bybit V5 request places from its JSON body (Trade → "Place Order" and "Batch Place Order"):
/// <c>symbol</c>, <c>side</c>, <c>orderType</c>, <c>qty</c>, <c>price</c>, <c>orderLinkId</c>. Amendments, TP/SL on
/// positions and the legacy V3 order paths are not inspected (guards refuse them).
/// </summary>
internal static class BybitOrders
{
    public static readonly OrderReader Single = OrderReader.JsonOrder(Order);

    public static readonly OrderReader Batch = OrderReader.JsonBatchIn("request", Order);

    public static readonly OrderReader Unparsed = OrderReader.Unreadable("order amendments, position TP/SL and V3 orders are not inspected by the order guards");

    public static OrderFields Order(System.Text.Json.JsonElement order) => JsonOrderReader.Fields(order,
        symbol: "symbol", side: "side", type: "orderType", quantity: "qty", price: "price", clientOrderId: "orderLinkId");
}
