using System.Globalization;
using System.Text.Json;
using Sidecar.Signing.Policy;

namespace Sidecar.Signing.Gate;

/// <summary>
/// Reads the order a Gate request places (<c>POST /api/v4/spot/orders</c>, JSON: currency_pair, side, type, amount,
/// price, text), for the order guards. Other order-placing requests (batches, amendments, trigger orders, futures,
/// delivery and options orders whose sizes are in contracts) are unreadable, as are market buys, whose amount Gate
/// takes in the quote currency.
/// </summary>
internal static class GateOrders
{
    public static readonly OrderReader Spot = OrderReader.Of((_, body, _) => SpotOrder(body));

    public static readonly OrderReader Unparsed = OrderReader.Unreadable("Gate batch, amended, trigger and contract orders are not inspected by the order guards");

    private static OrderRead SpotOrder(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var order = document.RootElement;
            if (order.ValueKind != JsonValueKind.Object)
            {
                return OrderRead.Unreadable("the Gate order body is not a JSON object");
            }

            var side = Text(order, "side");
            var type = Text(order, "type") ?? "limit";
            if (type == "market" && side == "buy")
            {
                return OrderRead.Unreadable("a Gate market buy's amount is in the quote currency and is not inspected by the order guards");
            }

            return OrderRead.Of(new OrderFields
            {
                Symbol = Text(order, "currency_pair"),
                Side = side,
                Type = type,
                Quantity = Number(order, "amount"),
                Price = Number(order, "price"),
                ClientOrderId = Text(order, "text"),
            });
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException)
        {
            return OrderRead.Unreadable("the Gate order's amount or price is not a number");
        }
    }

    private static string? Text(JsonElement order, string name) =>
        order.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal? Number(JsonElement order, string name)
    {
        if (!order.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDecimal(),
            JsonValueKind.String => decimal.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => throw new FormatException(name),
        };
    }
}
