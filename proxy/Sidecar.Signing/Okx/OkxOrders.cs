using System.Globalization;
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
            using var json = Parse(body);
            return OrderRead.Of(Order(json.RootElement));
        }

        if (path.SequenceEqual("/api/v5/trade/batch-orders"u8))
        {
            using var json = Parse(body);
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

    private static OrderFields Order(JsonElement order)
    {
        if (order.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an order must be a JSON object");
        }

        return new OrderFields
        {
            Symbol = Text(order, "instId"),
            Side = Text(order, "side"),
            Type = Text(order, "ordType"),
            Quantity = Number(order, "sz"),
            Price = Number(order, "px"),
            ClientOrderId = Text(order, "clOrdId"),
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
