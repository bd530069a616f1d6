using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.WebSockets;

/// <summary>
/// What sessions that rebuild a frame member by member write (Gate, Bitfinex): the bot's members copied as they came,
/// numbers, quoted strings, and a hex signature made in the HSM over the session's prehash. Appends only into the
/// caller's reused buffers, so a rebuilt frame allocates nothing.
/// </summary>
internal static class FrameText
{
    /// <summary>
    /// The members of the nested object <paramref name="member"/> holds, into <paramref name="members"/>, with ranges
    /// into <paramref name="message"/> (the same rules as <see cref="JsonMember.TryReadObject"/>).
    /// </summary>
    public static bool TryReadNested(ReadOnlySpan<byte> message, in JsonMember member, ref JsonMember[] members, out int count, int max, out string? error)
    {
        var (start, length) = member.Value.GetOffsetAndLength(message.Length);
        var json = message.Slice(start, length);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (!JsonMember.TryReadObject(ref reader, json, ref members, out count, max, out error))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            members[i].Name = Shift(members[i].Name, start);
            members[i].Value = Shift(members[i].Value, start);
        }

        return true;
    }

    /// <summary>The text of a string member without escapes, quotes excluded, 1 to <paramref name="maxLength"/> bytes long.</summary>
    public static bool TryGetPlainString(in JsonMember member, int maxLength, out Range text)
    {
        var start = member.Value.Start.Value + 1;
        var end = member.Value.End.Value - 1;
        text = new Range(start, end);
        return member.Kind == JsonTokenType.String && !member.Escaped && end > start && end - start <= maxLength;
    }

    /// <summary>A JSON string of <paramref name="text"/>, escaped (error messages: not on the signing path).</summary>
    public static void AppendString(ByteBuilder destination, string text) =>
        AppendQuoted(destination, JsonEncodedText.Encode(text).EncodedUtf8Bytes);

    /// <summary><c>"name":value</c> with the bot's own bytes for both (names with escapes are refused on reading).</summary>
    public static void AppendMember(ByteBuilder destination, ReadOnlySpan<byte> message, in JsonMember member)
    {
        destination.Append((byte)'"');
        destination.Append(message[member.Name]);
        destination.Append("\":"u8);
        destination.Append(message[member.Value]);
    }

    /// <summary>A comma unless this is the object's first member.</summary>
    public static void Separate(ByteBuilder destination, ref bool first)
    {
        if (!first)
        {
            destination.Append((byte)',');
        }

        first = false;
    }

    /// <summary><c>"name":</c>, after a comma unless it is the object's first member.</summary>
    public static void AppendName(ByteBuilder destination, ReadOnlySpan<byte> name, ref bool first)
    {
        Separate(destination, ref first);
        destination.Append((byte)'"');
        destination.Append(name);
        destination.Append("\":"u8);
    }

    /// <summary>
    /// <c>/{method}</c>, the path of the frame's row in a method table, written into <paramref name="path"/> (which
    /// holds at least one byte more than the method: sessions cap method names, so it can live on the stack).
    /// </summary>
    public static ReadOnlySpan<byte> MethodPath(ReadOnlySpan<byte> method, Span<byte> path)
    {
        path[0] = (byte)'/';
        method.CopyTo(path[1..]);
        return path[..(method.Length + 1)];
    }

    public static void AppendInteger(ByteBuilder destination, long value)
    {
        var span = destination.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        destination.Advance(written);
    }

    /// <summary><c>"name":"value"</c>, <paramref name="value"/> already encoded for JSON (a key, a hex signature).</summary>
    public static void AppendQuotedMember(ByteBuilder destination, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, ref bool first)
    {
        AppendName(destination, name, ref first);
        AppendQuoted(destination, value);
    }

    /// <summary>
    /// Takes the member <paramref name="name"/> as the frame's request id (the token as the bot wrote it); false when
    /// it is an object or an array, which no exchange echoes back.
    /// </summary>
    public static bool TryTakeId(ClientFrame frame, ReadOnlySpan<JsonMember> members, ReadOnlySpan<byte> message, ReadOnlySpan<byte> name)
    {
        var index = JsonMember.IndexOf(members, message, name);
        if (index < 0)
        {
            return true;
        }

        if (members[index].Kind is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            return false;
        }

        frame.Id = members[index].Value;
        return true;
    }

    /// <summary>A JSON string of text already encoded for JSON (see <see cref="Encode"/>).</summary>
    public static void AppendQuoted(ByteBuilder destination, ReadOnlySpan<byte> encoded)
    {
        destination.Append((byte)'"');
        destination.Append(encoded);
        destination.Append((byte)'"');
    }

    /// <summary>An API key as JSON string content, once per connection (keys are ASCII in practice; escaped if not).</summary>
    public static byte[] Encode(string text) => JsonEncodedText.Encode(text).EncodedUtf8Bytes.ToArray();

    /// <summary>The most hex characters <see cref="SignHex"/> writes.</summary>
    public const int MaxHexSignature = SignatureAlgorithmFacts.MaxSignatureBytes * 2;

    /// <summary>
    /// Signs <paramref name="output"/>'s prehash with <paramref name="key"/> in the HSM and writes the signature as
    /// lower-case hex (Gate's SIGN and signature, Bitfinex's authSig) into <paramref name="hex"/>; returns its length.
    /// </summary>
    /// <exception cref="SigningKeyUnavailableException">The HSM could not sign.</exception>
    public static int SignHex(SignedRequest output, ISigningKey key, Span<byte> hex)
    {
        Span<byte> signature = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var length = output.SignPrehash(key, signature);
        return Hex.EncodeLower(signature[..length], hex);
    }

    private static Range Shift(Range range, int offset) => new(range.Start.Value + offset, range.End.Value + offset);
}
