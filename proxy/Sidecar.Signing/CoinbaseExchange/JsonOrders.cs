using System.Globalization;
using System.Text.Json;

namespace Sidecar.Signing.CoinbaseExchange;

/// <summary>
/// Order fields out of a JSON object: strings or numbers, read as text; absent or null is null. Shared by the
/// coinbase-exchange, coinbase-advanced, deribit and bitmex order readers.
/// </summary>
internal static class JsonOrders
{
    public static JsonDocument Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var json = JsonDocument.Parse(body.ToArray());
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                json.Dispose();
                throw new FormatException("the order must be a JSON object");
            }

            return json;
        }
        catch (JsonException)
        {
            throw new FormatException("the body is not JSON");
        }
    }

    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw new FormatException($"'{name}' is not a string"),
        } : null;

    public static decimal? Number(JsonElement element, string name)
    {
        var text = Text(element, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{name}' is not a number");
    }
}
