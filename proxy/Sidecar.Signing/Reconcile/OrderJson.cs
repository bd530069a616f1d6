namespace Sidecar.Signing.Reconcile;

/// <summary>The few reads order answers need: a member as text (a string or a number) and a time in any of the exchanges' forms.</summary>
public static class OrderJson
{
    /// <summary>The member as text: a string as is, a number as written; null when absent, null or another kind.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? TextOf(value) : null;

    public static string? TextOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : null,
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// A time as Unix milliseconds: a number or string of milliseconds, or of seconds with a fraction (Kraken's
    /// <c>1688666559.8974</c>; told apart by size), or an ISO 8601 text (Coinbase, BitMEX); null otherwise.
    /// </summary>
    public static long? Time(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? TimeOf(value) : null;

    public static long? TimeOf(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString(),
            _ => null,
        };
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            // Below 10^11 a number is seconds (10^11 s is the year 5138, 10^11 ms is 1973).
            return number < 100_000_000_000m ? (long)(number * 1000) : (long)number;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUnixTimeMilliseconds()
            : null;
    }

    /// <summary>The array at <paramref name="path"/> (members of nested objects), or null.</summary>
    public static JsonElement? Array(JsonElement element, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.Array ? element : null;
    }

    /// <summary>Orders read from each object of <paramref name="array"/> by <paramref name="read"/>; those it cannot name are left out.</summary>
    public static List<ExchangeOrder> Each(JsonElement array, Func<JsonElement, ExchangeOrder?> read)
    {
        var orders = new List<ExchangeOrder>();
        foreach (var item in array.EnumerateArray())
        {
            if (read(item) is { } order)
            {
                orders.Add(order);
            }
        }

        return orders;
    }
}
