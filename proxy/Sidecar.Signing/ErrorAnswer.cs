namespace Sidecar.Signing;

/// <summary>Reads exchanges' error answers (for the auth-failure codes each exchange lists in its folder).</summary>
public static class ErrorAnswer
{
    /// <summary>
    /// The top-level <paramref name="property"/> of a JSON answer as text (a number or a string), when it is one of
    /// <paramref name="codes"/>; null otherwise or when the answer is not JSON.
    /// </summary>
    public static string? CodeIn(ReadOnlySpan<byte> body, string property, params ReadOnlySpan<string> codes)
    {
        var code = Code(body, property);
        foreach (var known in codes)
        {
            if (code == known)
            {
                return code;
            }
        }

        return null;
    }

    /// <summary>The top-level <paramref name="property"/> of a JSON answer as text; null when absent or not JSON.</summary>
    public static string? Code(ReadOnlySpan<byte> body, string property)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(property) && reader.Read())
                {
                    return reader.TokenType switch
                    {
                        JsonTokenType.Number => reader.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : null,
                        JsonTokenType.String => reader.GetString(),
                        _ => null,
                    };
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: no code.
        }

        return null;
    }
}
