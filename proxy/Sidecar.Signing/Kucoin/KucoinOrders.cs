using System.Text.Json;
using Sidecar.Signing.Policy;

namespace Sidecar.Signing.Kucoin;

/// <summary>
/// Reads the orders a KuCoin request places from its JSON body: <c>symbol</c>, <c>side</c>, <c>type</c>,
/// <c>size</c>, <c>price</c>, <c>clientOid</c>. Single orders (spot classic and high-frequency, margin, stop,
/// futures) and batches — spot's <c>{"symbol", "orderList": [...]}</c>, high-frequency's <c>{"orderList": [...]}</c>
/// and futures' top-level array. Futures <c>size</c> is in contracts (lots), not in the base currency. Amendments,
/// OCO, copy-trading and unified-account orders are not inspected (guards refuse them).
/// </summary>
internal static class KucoinOrders
{
    private static readonly PathTable Single = new(
        ["/api/v1/orders", "/api/v1/orders/test", "/api/v1/hf/orders", "/api/v1/hf/orders/test", "/api/v1/hf/orders/sync",
         "/api/v1/margin/order", "/api/v1/margin/order/test", "/api/v3/hf/margin/order", "/api/v3/hf/margin/order/test",
         "/api/v1/stop-order", "/api/v1/st-orders"]);

    private static readonly PathTable Batch = new(["/api/v1/orders/multi", "/api/v1/hf/orders/multi", "/api/v1/hf/orders/multi/sync"]);

    private static readonly PathTable Unparsed = new(
        ["/api/v1/hf/orders/alter", "/api/v3/oco/order", "/api/v1/copy-trade/futures/orders", "/api/v1/copy-trade/futures/st-orders",
         "/api/ua/v1/unified/order/place", "/api/ua/v1/unified/order/place-batch",
         "/api/ua/v1/classic/order/place", "/api/ua/v1/classic/order/place-batch"]);

    public static OrderRead Read(string method, ReadOnlySpan<byte> path, ReadOnlySpan<byte> body)
    {
        if (method != "POST")
        {
            return OrderRead.None;
        }

        if (Single.Matches(path))
        {
            using var json = JsonOrderReader.Parse(body);
            return OrderRead.Of(Order(json.RootElement, defaultSymbol: null));
        }

        if (Batch.Matches(path))
        {
            using var json = JsonOrderReader.Parse(body);
            var root = json.RootElement;
            string? symbol = null;
            JsonElement list;
            if (root.ValueKind == JsonValueKind.Array)
            {
                list = root;
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("orderList", out list) && list.ValueKind == JsonValueKind.Array)
            {
                symbol = JsonOrderReader.Text(root, "symbol");
            }
            else
            {
                throw new FormatException("a batch order must be a JSON array or carry an 'orderList' array");
            }

            var orders = new List<OrderFields>();
            foreach (var item in list.EnumerateArray())
            {
                orders.Add(Order(item, symbol));
            }

            return OrderRead.Of([.. orders]);
        }

        return Unparsed.Matches(path)
            ? OrderRead.Unreadable("order amendments, OCO, copy-trading and unified-account orders are not inspected by the order guards")
            : OrderRead.None;
    }

    private static OrderFields Order(JsonElement order, string? defaultSymbol)
    {
        if (order.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an order must be a JSON object");
        }

        return new OrderFields
        {
            Symbol = JsonOrderReader.Text(order, "symbol") ?? defaultSymbol,
            Side = JsonOrderReader.Text(order, "side"),
            Type = JsonOrderReader.Text(order, "type") ?? "limit",
            Quantity = JsonOrderReader.Number(order, "size", allowSign: false),
            Price = JsonOrderReader.Number(order, "price", allowSign: false),
            ClientOrderId = JsonOrderReader.Text(order, "clientOid"),
        };
    }
}
