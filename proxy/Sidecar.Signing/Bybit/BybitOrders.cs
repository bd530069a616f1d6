using System.Text.Json;
using Sidecar.Signing.Policy;

namespace Sidecar.Signing.Bybit;

/// <summary>
/// Reads the orders a Bybit V5 request places from its JSON body (Trade → "Place Order" and "Batch Place Order"):
/// <c>symbol</c>, <c>side</c>, <c>orderType</c>, <c>qty</c>, <c>price</c>, <c>orderLinkId</c>. Amendments, TP/SL on
/// positions and the legacy V3 order paths are not inspected (guards refuse them).
/// </summary>
internal static class BybitOrders
{
    private static readonly PathTable Unparsed = new(
        ["/v5/order/amend", "/v5/order/amend-batch", "/v5/position/trading-stop",
         "/spot/v3/private/order", "/contract/v3/private/order/create", "/contract/v3/private/order/replace",
         "/unified/v3/private/order/create", "/unified/v3/private/order/replace", "/unified/v3/private/order/create-batch",
         "/unified/v3/private/order/replace-batch"]);

    public static OrderRead Read(string method, ReadOnlySpan<byte> path, ReadOnlySpan<byte> body)
    {
        if (method != "POST")
        {
            return OrderRead.None;
        }

        if (path.SequenceEqual("/v5/order/create"u8))
        {
            using var json = JsonOrderReader.Parse(body);
            return OrderRead.Of(Order(json.RootElement));
        }

        if (path.SequenceEqual("/v5/order/create-batch"u8))
        {
            using var json = JsonOrderReader.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object ||
                !json.RootElement.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("a batch order needs a 'request' array");
            }

            var orders = new List<OrderFields>();
            foreach (var item in request.EnumerateArray())
            {
                orders.Add(Order(item));
            }

            return OrderRead.Of([.. orders]);
        }

        return Unparsed.Matches(path)
            ? OrderRead.Unreadable("order amendments, position TP/SL and V3 orders are not inspected by the order guards")
            : OrderRead.None;
    }

    private static OrderFields Order(JsonElement order)
    {
        if (order.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an order must be a JSON object");
        }

        return new OrderFields
        {
            Symbol = JsonOrderReader.Text(order, "symbol"),
            Side = JsonOrderReader.Text(order, "side"),
            Type = JsonOrderReader.Text(order, "orderType"),
            Quantity = JsonOrderReader.Number(order, "qty", allowSign: false),
            Price = JsonOrderReader.Number(order, "price", allowSign: false),
            ClientOrderId = JsonOrderReader.Text(order, "orderLinkId"),
        };
    }
}
