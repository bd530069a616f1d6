using System.Globalization;
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
            using var json = Parse(body);
            return OrderRead.Of(Order(json.RootElement, defaultSymbol: null));
        }

        if (Batch.Matches(path))
        {
            using var json = Parse(body);
            var root = json.RootElement;
            string? symbol = null;
            JsonElement list;
            if (root.ValueKind == JsonValueKind.Array)
            {
                list = root;
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("orderList", out list) && list.ValueKind == JsonValueKind.Array)
            {
                symbol = Text(root, "symbol");
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

    private static JsonDocument Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            throw new FormatException("the body is not JSON");
        }
    }

    private static OrderFields Order(JsonElement order, string? defaultSymbol)
    {
        if (order.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an order must be a JSON object");
        }

        return new OrderFields
        {
            Symbol = Text(order, "symbol") ?? defaultSymbol,
            Side = Text(order, "side"),
            Type = Text(order, "type") ?? "limit",
            Quantity = Number(order, "size"),
            Price = Number(order, "price"),
            ClientOrderId = Text(order, "clientOid"),
        };
    }

    private static string? Text(JsonElement order, string name) =>
        order.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw new FormatException($"'{name}' is not a string"),
        } : null;

    private static decimal? Number(JsonElement order, string name)
    {
        var text = Text(order, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{name}' is not a number");
    }
}
