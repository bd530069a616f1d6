namespace Sidecar.Signing.Policy;

/// <summary>
/// Order fields out of JSON request bodies: strings or numbers, read as text; absent or null is null. Shared by the
/// order readers of the JSON exchanges; a body that is not JSON, or a field of the wrong kind, is a FormatException
/// (the proxy answers 400).
/// </summary>
internal static class JsonOrderReader
{
    /// <summary>Parses a body whose root may be an object or an array (batches).</summary>
    public static JsonDocument Parse(ReadOnlySpan<byte> body)
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

    /// <summary>Parses a body whose root must be one JSON object.</summary>
    public static JsonDocument ParseObject(ReadOnlySpan<byte> body)
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

    /// <summary>
    /// One order object's fields by the exchange's names; a field name left null is not read. Not an object is a
    /// FormatException.
    /// </summary>
    public static OrderFields Fields(JsonElement order, string? symbol, string? side, string? type, string? quantity, string? price, string? clientOrderId, bool allowSign = false)
    {
        if (order.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an order must be a JSON object");
        }

        return new OrderFields
        {
            Symbol = symbol is null ? null : Text(order, symbol),
            Side = side is null ? null : Text(order, side),
            Type = type is null ? null : Text(order, type),
            Quantity = quantity is null ? null : Number(order, quantity, allowSign),
            Price = price is null ? null : Number(order, price, allowSign),
            ClientOrderId = clientOrderId is null ? null : Text(order, clientOrderId),
        };
    }

    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw new FormatException($"'{name}' is not a string"),
        } : null;

    /// <param name="allowSign">Whether the exchange uses signed quantities (BitMEX: negative is a sell).</param>
    public static decimal? Number(JsonElement element, string name, bool allowSign)
    {
        var text = Text(element, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var styles = NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | (allowSign ? NumberStyles.AllowLeadingSign : NumberStyles.None);
        return decimal.TryParse(text, styles, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{name}' is not a number");
    }
}
