using Sidecar.Signing.Policy;

namespace Sidecar.Signing.Binance;

/// <summary>Reads the order a Binance request places (spot, USD-M, COIN-M new-order endpoints).</summary>
internal static class BinanceOrders
{
    private static readonly FormOrderReader.Names Names = new("symbol", "side", "type", "quantity", "price", "newClientOrderId");

    private static readonly PathTable SingleOrder = new(
        ["/api/v3/order", "/api/v3/order/test", "/api/v3/sor/order", "/api/v3/sor/order/test", "/api/v3/order/cancelReplace",
         "/fapi/v1/order", "/dapi/v1/order"]);

    private static readonly PathTable Unparsed = new(
        ["/api/v3/order/oco", "/fapi/v1/batchOrders", "/dapi/v1/batchOrders"], ["/api/v3/orderList/"]);

    public static OrderRead Read(string method, ReadOnlySpan<byte> path, ReadOnlySpan<byte> query, ReadOnlySpan<byte> body)
    {
        if (method is not ("POST" or "PUT"))
        {
            return OrderRead.None;
        }

        if (SingleOrder.Matches(path))
        {
            return OrderRead.Of(FormOrderReader.Read(query, body, Names));
        }

        return Unparsed.Matches(path)
            ? OrderRead.Unreadable("order lists and batch orders are not inspected by the order guards")
            : OrderRead.None;
    }
}
