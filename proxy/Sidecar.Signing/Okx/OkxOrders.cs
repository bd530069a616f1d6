using System.Text.Json;
using Sidecar.Signing.Policy;

namespace Sidecar.Signing.Okx;

/// <summary>
/// Reads the orders an OKX request places from its JSON body (Order Book Trading → "Place order", "Place multiple
/// orders" — a JSON array — and "Place algo order"): <c>instId</c>, <c>side</c>, <c>ordType</c>, <c>sz</c>,
/// <c>px</c>, <c>clOrdId</c>. Amendments, close-position, spread and bot orders are not inspected (guards refuse
/// them). For spot market orders <c>sz</c> may be in the quote currency (<c>tgtCcy</c>); it is read as is.
/// </summary>
internal static class OkxOrders
{
    private static readonly PathTable Unparsed = new(
        ["/api/v5/trade/amend-order", "/api/v5/trade/amend-batch-orders", "/api/v5/trade/amend-algos",
         "/api/v5/trade/close-position", "/api/v5/sprd/order", "/api/v5/sprd/amend-order", "/api/v5/copytrading/algo-order",
         "/api/v5/tradingBot/grid/order-algo", "/api/v5/tradingBot/grid/copy-order-algo", "/api/v5/tradingBot/signal/order-algo",
         "/api/v5/tradingBot/recurring/order-algo", "/api/v5/tradingBot/dca/create"]);

    public static OrderRead Read(string method, ReadOnlySpan<byte> path, ReadOnlySpan<byte> body)
    {
        if (method != "POST")
        {
            return OrderRead.None;
        }

        if (path.SequenceEqual("/api/v5/trade/order"u8) || path.SequenceEqual("/api/v5/trade/order-algo"u8))
        {
            using var json = JsonOrderReader.Parse(body);
            return OrderRead.Of(Order(json.RootElement));
        }

        if (path.SequenceEqual("/api/v5/trade/batch-orders"u8))
        {
            using var json = JsonOrderReader.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("a batch order must be a JSON array");
            }

            var orders = new List<OrderFields>();
            foreach (var item in json.RootElement.EnumerateArray())
            {
                orders.Add(Order(item));
            }

            return OrderRead.Of([.. orders]);
        }

        return Unparsed.Matches(path)
            ? OrderRead.Unreadable("order amendments, close-position, spread, copy-trading and bot orders are not inspected by the order guards")
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
            Symbol = JsonOrderReader.Text(order, "instId"),
            Side = JsonOrderReader.Text(order, "side"),
            Type = JsonOrderReader.Text(order, "ordType"),
            Quantity = JsonOrderReader.Number(order, "sz", allowSign: false),
            Price = JsonOrderReader.Number(order, "px", allowSign: false),
            ClientOrderId = JsonOrderReader.Text(order, "clOrdId"),
        };
    }
}
