namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// Reads a request frame with <see cref="Utf8JsonReader"/>, keeping each token's own text: the id is echoed as
/// received and the signature payload is built from the values as sent, so no re-serialisation may touch them.
/// </summary>
internal static class WsRequestReader
{
    public static WsRequest Read(ReadOnlySpan<byte> frame)
    {
        string? id = null;
        string? method = null;
        string? rawParams = null;
        var parameters = new List<WsParameter>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var malformed = false;
        try
        {
            var reader = new Utf8JsonReader(frame, new JsonReaderOptions { MaxDepth = 32 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return WsRequest.Unreadable;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = reader.GetString()!;
                malformed |= !seen.Add(member);
                reader.Read();
                switch (member)
                {
                    case "id" when reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.Null:
                        id = Text(frame, ref reader);
                        break;
                    case "method" when reader.TokenType == JsonTokenType.String:
                        method = reader.GetString();
                        break;
                    case "params" when reader.TokenType == JsonTokenType.StartObject:
                        rawParams = ReadParams(frame, ref reader, parameters);
                        break;
                    case "id" or "method" or "params":
                        malformed = true;
                        reader.Skip();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            // One request per frame: the object must close and nothing may follow it.
            malformed |= reader.TokenType != JsonTokenType.EndObject || reader.Read();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            malformed = true;
        }

        return new WsRequest
        {
            Id = id,
            Method = method,
            RawParams = rawParams,
            Params = parameters,
            Malformed = malformed || method is null || !seen.Contains("id"),
        };
    }

    private static string ReadParams(ReadOnlySpan<byte> frame, ref Utf8JsonReader reader, List<WsParameter> parameters)
    {
        var start = (int)reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var kind = reader.TokenType;
            var json = Text(frame, ref reader);
            var value = kind == JsonTokenType.String ? reader.GetString()! : json;
            parameters.Add(new WsParameter(name, value, json, kind));
        }

        return Encoding.UTF8.GetString(frame[start..(int)reader.BytesConsumed]);
    }

    /// <summary>The current token's text as received; for an object or array, the whole of it.</summary>
    private static string Text(ReadOnlySpan<byte> frame, ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        return Encoding.UTF8.GetString(frame[start..(int)reader.BytesConsumed]);
    }
}
