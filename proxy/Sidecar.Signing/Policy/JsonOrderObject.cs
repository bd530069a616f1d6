namespace Sidecar.Signing.Policy;

/// <summary>
/// The one-object JSON order bodies of Bitfinex and Gate, read strictly: the root must be an object, text fields
/// must be JSON strings, numbers may be JSON numbers or numeric strings. A number that is not one makes the order
/// unreadable rather than a 400, in the venue's words. What each field is called stays with the venue.
/// </summary>
internal static class JsonOrderObject
{
    /// <summary>
    /// Parses <paramref name="body"/> and hands its root object to <paramref name="read"/>; a root that is not an
    /// object is unreadable as <paramref name="notObject"/>, bad JSON or a bad number as <paramref name="notNumber"/>.
    /// </summary>
    public static OrderRead Read(ReadOnlySpan<byte> body, string notObject, string notNumber, Func<JsonElement, OrderRead> read)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var order = document.RootElement;
            return order.ValueKind != JsonValueKind.Object ? OrderRead.Unreadable(notObject) : read(order);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException)
        {
            return OrderRead.Unreadable(notNumber);
        }
    }

    /// <summary>A JSON string field; absent or of another kind is null.</summary>
    public static string? Text(JsonElement order, string name) =>
        order.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A number field, a JSON number or a numeric string (sign and exponent allowed); absent is null.</summary>
    /// <exception cref="FormatException">The field is of another kind, or not a number.</exception>
    public static decimal? Number(JsonElement order, string name)
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
