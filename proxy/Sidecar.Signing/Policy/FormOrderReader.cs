namespace Sidecar.Signing.Policy;

/// <summary>Reads order fields from query strings and form bodies by parameter name.</summary>
internal static class FormOrderReader
{
    /// <summary>The parameter names one exchange uses for an order's fields.</summary>
    public sealed record Names(string Symbol, string Side, string Type, string Quantity, string Price, string ClientOrderId);

    /// <summary>Reads one order from the query and the form body together (a parameter appears in only one of them).</summary>
    public static OrderFields Read(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, Names names) => new()
    {
        Symbol = Text(query, body, names.Symbol),
        Side = Text(query, body, names.Side),
        Type = Text(query, body, names.Type),
        Quantity = Number(query, body, names.Quantity),
        Price = Number(query, body, names.Price),
        ClientOrderId = Text(query, body, names.ClientOrderId),
    };

    private static ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, string name, out bool found)
    {
        var key = System.Text.Encoding.ASCII.GetBytes(name);
        var value = FormParameters.ValueOf(query, key, out found);
        return found ? value : FormParameters.ValueOf(body, key, out found);
    }

    private static string? Text(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, string name)
    {
        var raw = Raw(query, body, name, out var found);
        return found ? Uri.UnescapeDataString(System.Text.Encoding.ASCII.GetString(raw)) : null;
    }

    private static decimal? Number(ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, string name)
    {
        var raw = Raw(query, body, name, out var found);
        if (!found)
        {
            return null;
        }

        return Utf8Parser.TryParse(raw, out decimal value, out var consumed) && consumed == raw.Length ? value : throw new FormatException($"'{name}' is not a number");
    }
}
