namespace Sidecar.Signing.Kraken;

/// <summary>
/// Finds and rewrites the <c>nonce</c> field of a Kraken request body, keeping every other byte as the bot sent
/// it: in a form body (<c>nonce=…&amp;…</c>) and in a JSON object body (<c>{"nonce":"…",…}</c>, which ccxt sends
/// for AddOrderBatch / CancelOrderBatch). Allocation-free: <see cref="Utf8JsonReader"/> is a ref struct.
/// </summary>
internal static class KrakenNonceField
{
    private static ReadOnlySpan<byte> Name => "nonce"u8;

    /// <summary>The bot's form nonce as a number, or 0 when absent or not ASCII digits up to <see cref="MaxBotNonce"/>.</summary>
    public static long ReadFormNonce(ReadOnlySpan<byte> form)
    {
        var value = FormParameters.ValueOf(form, Name, out var found);
        return found ? ParseNonce(value) : 0;
    }

    /// <summary>
    /// Appends <paramref name="form"/> to <paramref name="destination"/> with its first <c>nonce</c> set to
    /// <paramref name="nonceDigits"/> (other <c>nonce</c> parameters dropped); when it had none, <c>nonce</c>
    /// comes first, as in Kraken's docs and ccxt.
    /// </summary>
    public static void WriteForm(ReadOnlySpan<byte> form, ReadOnlySpan<byte> nonceDigits, ByteBuilder destination)
    {
        if (!FormParameters.Contains(form, Name))
        {
            FormParameters.Append(destination, Name, nonceDigits);
            if (!form.IsEmpty)
            {
                destination.Append((byte)'&');
                destination.Append(form);
            }

            return;
        }

        var written = false;
        var first = true;
        while (!form.IsEmpty)
        {
            var amp = form.IndexOf((byte)'&');
            var segment = amp < 0 ? form : form[..amp];
            form = amp < 0 ? [] : form[(amp + 1)..];
            var eq = segment.IndexOf((byte)'=');
            var isNonce = (eq < 0 ? segment : segment[..eq]).SequenceEqual(Name);
            if (isNonce && written)
            {
                continue;
            }

            if (!first)
            {
                destination.Append((byte)'&');
            }

            first = false;
            if (isNonce)
            {
                destination.Append(Name);
                destination.Append((byte)'=');
                destination.Append(nonceDigits);
                written = true;
            }
            else
            {
                destination.Append(segment);
            }
        }
    }

    /// <summary>Where the top-level <c>nonce</c> of a JSON object body is, if anywhere.</summary>
    public readonly ref struct JsonNonce
    {
        /// <summary>Offset of the object's opening brace.</summary>
        public int ObjectStart { get; init; }

        public bool ObjectIsEmpty { get; init; }

        public bool Found { get; init; }

        /// <summary>Offset and length of the nonce's value token (quotes included for a string).</summary>
        public int ValueStart { get; init; }

        public int ValueLength { get; init; }

        public bool ValueIsString { get; init; }

        public long Value { get; init; }
    }

    /// <summary>False when the body is not one JSON object, or names <c>nonce</c> more than once at the top level.</summary>
    public static bool TryFindJsonNonce(ReadOnlySpan<byte> json, out JsonNonce nonce)
    {
        nonce = default;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var objectStart = (int)reader.TokenStartIndex;
            var empty = true;
            var found = false;
            int valueStart = 0, valueLength = 0;
            var isString = false;
            long value = 0;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
                {
                    // Anything after the object (a second value) makes the reader throw on the next Read.
                    if (reader.Read())
                    {
                        return false;
                    }

                    nonce = new JsonNonce
                    {
                        ObjectStart = objectStart,
                        ObjectIsEmpty = empty,
                        Found = found,
                        ValueStart = valueStart,
                        ValueLength = valueLength,
                        ValueIsString = isString,
                        Value = value,
                    };
                    return true;
                }

                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                empty = false;
                var isNonce = reader.ValueTextEquals(Name);
                reader.Read();
                if (!isNonce)
                {
                    reader.Skip();
                    continue;
                }

                if (found || reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
                {
                    return false;
                }

                found = true;
                isString = reader.TokenType == JsonTokenType.String;
                valueStart = (int)reader.TokenStartIndex;
                valueLength = (int)reader.BytesConsumed - valueStart;
                value = reader.ValueIsEscaped ? 0 : ParseNonce(reader.ValueSpan);
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Appends <paramref name="json"/> with its nonce set to <paramref name="nonceDigits"/> (added first when absent, as a string like ccxt's).</summary>
    public static void WriteJson(ReadOnlySpan<byte> json, scoped in JsonNonce nonce, ReadOnlySpan<byte> nonceDigits, ByteBuilder destination)
    {
        if (nonce.Found)
        {
            destination.Append(json[..nonce.ValueStart]);
            WriteJsonValue(nonceDigits, nonce.ValueIsString, destination);
            destination.Append(json[(nonce.ValueStart + nonce.ValueLength)..]);
            return;
        }

        var afterBrace = nonce.ObjectStart + 1;
        destination.Append(json[..afterBrace]);
        destination.Append("\"nonce\":"u8);
        WriteJsonValue(nonceDigits, isString: true, destination);
        if (!nonce.ObjectIsEmpty)
        {
            destination.Append((byte)',');
        }

        destination.Append(json[afterBrace..]);
    }

    private static void WriteJsonValue(ReadOnlySpan<byte> digits, bool isString, ByteBuilder destination)
    {
        if (isString)
        {
            destination.Append((byte)'"');
        }

        destination.Append(digits);
        if (isString)
        {
            destination.Append((byte)'"');
        }
    }

    /// <summary>
    /// The largest bot nonce taken as a floor (2^62 - 1, about 4.6e18: room for nanosecond nonces until about 2116).
    /// Anything larger is ignored, because the per-key counter keeps every nonce it was given as its floor: one bot
    /// nonce near <see cref="long.MaxValue"/> would leave no room above it (the counter's next value and its lease
    /// would overflow), and Kraken would then refuse every later request with that key.
    /// </summary>
    public const long MaxBotNonce = long.MaxValue / 2;

    /// <summary>The bot's nonce when it is 1 to 19 ASCII digits worth at most <see cref="MaxBotNonce"/>; else 0 (replaced).</summary>
    private static long ParseNonce(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty || text.Length > 19 || text.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return 0;
        }

        return Utf8Parser.TryParse(text, out long value, out var consumed) && consumed == text.Length && value <= MaxBotNonce
            ? value
            : 0;
    }
}
