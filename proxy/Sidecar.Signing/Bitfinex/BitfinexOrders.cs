using System.Globalization;
using System.Text.Json;
using Sidecar.Signing.Policy;

namespace Sidecar.Signing.Bitfinex;

/// <summary>
/// Reads the order a Bitfinex request places (<c>POST /v2/auth/w/order/submit</c>, JSON), for the order guards:
/// the side is the sign of <c>amount</c> (docs: "positive for buy, negative for sell"), the quantity its magnitude.
/// </summary>
internal static class BitfinexOrders
{
    public static readonly OrderReader Submit = OrderReader.Of((_, body, _) => Read(body));

    public static readonly OrderReader Unparsed = OrderReader.Unreadable("Bitfinex order updates and multi-order requests are not inspected by the order guards");

    private static OrderRead Read(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var order = document.RootElement;
            if (order.ValueKind != JsonValueKind.Object)
            {
                return OrderRead.Unreadable("the Bitfinex order body is not a JSON object");
            }

            var amount = Number(order, "amount");
            return OrderRead.Of(new OrderFields
            {
                Symbol = Text(order, "symbol"),
                Type = Text(order, "type"),
                Side = amount is null ? null : amount < 0 ? "sell" : "buy",
                Quantity = amount is null ? null : Math.Abs(amount.Value),
                Price = Number(order, "price"),
                ClientOrderId = order.TryGetProperty("cid", out var cid) ? cid.ToString() : null,
            });
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException)
        {
            return OrderRead.Unreadable("the Bitfinex order's amount or price is not a number");
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
