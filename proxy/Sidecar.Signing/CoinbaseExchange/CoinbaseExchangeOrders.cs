namespace Sidecar.Signing.CoinbaseExchange;

/// <summary>
/// Reads the order a Coinbase Exchange request places ("Create a new order", POST /orders, JSON body):
/// <c>product_id</c>, <c>side</c>, <c>type</c>, <c>size</c>, <c>price</c>, <c>client_oid</c>. A market order sized
/// by <c>funds</c> has no quantity. Nothing else on Coinbase Exchange places orders.
/// </summary>
internal static class CoinbaseExchangeOrders
{
    public static readonly OrderReader New = OrderReader.Of((_, body, _) => Read(body));

    private static OrderRead Read(ReadOnlySpan<byte> body)
    {
        using var json = JsonOrderReader.ParseObject(body);
        var order = json.RootElement;
        return OrderRead.Of(new OrderFields
        {
            Symbol = JsonOrderReader.Text(order, "product_id"),
            Side = JsonOrderReader.Text(order, "side"),
            Type = JsonOrderReader.Text(order, "type") ?? "limit",
            Quantity = JsonOrderReader.Number(order, "size", allowSign: true),
            Price = JsonOrderReader.Number(order, "price", allowSign: true),
            ClientOrderId = JsonOrderReader.Text(order, "client_oid"),
        });
    }
}
