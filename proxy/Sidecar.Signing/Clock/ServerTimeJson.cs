namespace Sidecar.Signing.Clock;

/// <summary>
/// The few JSON reads the time endpoints need, with <see cref="Utf8JsonReader"/>: find the value at a short path
/// of property names (or the first element of an array) and read it as a number or a string of digits.
/// </summary>
internal static class ServerTimeJson
{
    /// <summary>The path segment that steps into the first element of an array (OKX's <c>data</c>).</summary>
    public const string FirstElement = "[0]";

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 16 };

    /// <summary>True when <paramref name="json"/> is one complete, valid JSON document.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        try
        {
            while (reader.Read())
            {
            }

            return reader.BytesConsumed > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The integer at <paramref name="path"/>, given as a JSON number without fraction or exponent.</summary>
    public static bool TryReadInteger(ReadOnlySpan<byte> json, out long value, params ReadOnlySpan<string> path)
    {
        value = 0;
        var reader = new Utf8JsonReader(json, Options);
        return Find(ref reader, path) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
    }

    /// <summary>The integer at <paramref name="path"/>, given as a JSON string of ASCII digits (no sign, no spaces).</summary>
    public static bool TryReadDigitString(ReadOnlySpan<byte> json, out long value, params ReadOnlySpan<string> path)
    {
        value = 0;
        var reader = new Utf8JsonReader(json, Options);
        if (!Find(ref reader, path) || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        var digits = reader.ValueSpan;
        if (digits.IsEmpty || digits.Length > 19)
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return Utf8Parser.TryParse(digits, out value, out var consumed) && consumed == digits.Length;
    }

    /// <summary>The number at <paramref name="path"/>, which may carry a fraction (Coinbase Exchange's decimal seconds).</summary>
    public static bool TryReadDecimal(ReadOnlySpan<byte> json, out decimal value, params ReadOnlySpan<string> path)
    {
        value = 0;
        var reader = new Utf8JsonReader(json, Options);
        return Find(ref reader, path) && reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out value);
    }

    /// <summary>True when the value at <paramref name="path"/> is the string <paramref name="expected"/>.</summary>
    public static bool StringEquals(ReadOnlySpan<byte> json, string expected, params ReadOnlySpan<string> path)
    {
        var reader = new Utf8JsonReader(json, Options);
        return Find(ref reader, path) && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(expected);
    }

    /// <summary>True when the value at <paramref name="path"/> is an empty array (Kraken's <c>"error": []</c>).</summary>
    public static bool IsEmptyArray(ReadOnlySpan<byte> json, params ReadOnlySpan<string> path)
    {
        var reader = new Utf8JsonReader(json, Options);
        return Find(ref reader, path) && reader.TokenType == JsonTokenType.StartArray && reader.Read() && reader.TokenType == JsonTokenType.EndArray;
    }

    // Leaves the reader on the value at the path. The first property of a name wins; callers validated the
    // document first, so Skip never runs out of data.
    private static bool Find(ref Utf8JsonReader reader, scoped ReadOnlySpan<string> path)
    {
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            foreach (var segment in path)
            {
                if (segment == FirstElement)
                {
                    if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType == JsonTokenType.EndArray)
                    {
                        return false;
                    }

                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject || !FindProperty(ref reader, segment))
                {
                    return false;
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool FindProperty(ref Utf8JsonReader reader, string name)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            if (!reader.Read())
            {
                return false;
            }

            if (match)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }
}
