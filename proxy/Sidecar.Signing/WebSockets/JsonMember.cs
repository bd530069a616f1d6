namespace Sidecar.Signing.WebSockets;

/// <summary>
/// One member of a JSON object as it appeared in a frame: where its name and its value token are (for a string,
/// quotes included), so a session can copy the bot's own bytes into the frame it forwards and sign exactly their
/// text. Sessions keep these in an array reused from frame to frame.
/// </summary>
public struct JsonMember
{
    public Range Name;

    public Range Value;

    public JsonTokenType Kind;

    /// <summary>The string value has escapes (<c>\u0041</c>, <c>\"</c>): its signed text is the unescaped string.</summary>
    public bool Escaped;

    /// <summary>
    /// Reads the members of the object whose start token <paramref name="reader"/> is on, into
    /// <paramref name="members"/> (grown as needed). False with <paramref name="error"/> for a duplicate or escaped
    /// name, or more members than <paramref name="max"/>. Nested objects and arrays are one member each.
    /// </summary>
    public static bool TryReadObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref JsonMember[] members, out int count, int max, out string? error)
    {
        count = 0;
        error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                error = "member names with escapes are not accepted";
                return false;
            }

            var nameStart = (int)reader.TokenStartIndex + 1;
            var name = new Range(nameStart, nameStart + reader.ValueSpan.Length);
            for (var i = 0; i < count; i++)
            {
                if (json[members[i].Name].SequenceEqual(json[name]))
                {
                    error = $"'{System.Text.Encoding.UTF8.GetString(json[name])}' is given twice";
                    return false;
                }
            }

            if (count == max)
            {
                error = $"more than {max} members";
                return false;
            }

            reader.Read();
            var start = (int)reader.TokenStartIndex;
            var kind = reader.TokenType;
            var escaped = kind == JsonTokenType.String && reader.ValueIsEscaped;
            if (kind is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }

            if (count == members.Length)
            {
                Array.Resize(ref members, members.Length * 2);
            }

            members[count++] = new JsonMember { Name = name, Value = new Range(start, (int)reader.BytesConsumed), Kind = kind, Escaped = escaped };
        }

        return true;
    }

    /// <summary>The index of the member named <paramref name="name"/>, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<JsonMember> members, ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < members.Length; i++)
        {
            if (json[members[i].Name].SequenceEqual(name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Appends the member's value as an exchange signs it: a string's unescaped text, any other token as written
    /// (numbers and booleans exactly as the bot spelled them).
    /// </summary>
    public readonly void AppendSignedText(ReadOnlySpan<byte> json, ByteBuilder destination)
    {
        var token = json[Value];
        if (Kind != JsonTokenType.String)
        {
            destination.Append(token);
            return;
        }

        if (!Escaped)
        {
            destination.Append(token[1..^1]);
            return;
        }

        var reader = new Utf8JsonReader(token);
        reader.Read();
        var span = destination.GetSpan(token.Length);
        destination.Advance(reader.CopyString(span));
    }
}
