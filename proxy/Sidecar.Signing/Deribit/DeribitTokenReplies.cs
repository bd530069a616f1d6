using Sidecar.Signing.Tokens;

namespace Sidecar.Signing.Deribit;

/// <summary>
/// What Deribit sends on a WebSocket, as the bot may see it. A reply that hands out tokens — <c>public/auth</c>'s
/// <c>{"result":{"access_token","expires_in","refresh_token","scope","token_type"}}</c>, and any other reply whose
/// <c>result</c> carries them — reaches the bot with each token replaced by a placeholder from the key's
/// <see cref="TokenVault"/>, kept as long as <c>expires_in</c> says. The placeholders are replaced, not removed: ccxt
/// recognises a successful login only by <c>result.access_token</c> being there. A message that names a token anywhere
/// else, or that mentions one and cannot be read, is dropped rather than relayed. Every other message — market data,
/// pushes, the answers to orders — is relayed as it came, after one vectorised search for <c>_token"</c>.
/// </summary>
internal static class DeribitTokenReplies
{
    /// <summary>Deribit's access tokens last 900 s unless the reply says otherwise (the docs' example: 31536000 s).</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(900);

    /// <summary>Longer lifetimes are cut to this: a placeholder is kept at most a year (the docs' example lifetime).</summary>
    private const long MaxLifetimeSeconds = 366L * 24 * 3600;

    public static ServerFrameAction Rewrite(ReadOnlySpan<byte> message, TokenVault vault, ByteBuilder output)
    {
        // Both member names end so; Deribit does not escape member names, so their plain text is what arrives.
        if (message.IndexOf("_token\""u8) < 0)
        {
            return ServerFrameAction.Relay;
        }

        Span<Range> tokens = stackalloc Range[2];
        var count = 0;
        long expiresIn = 0;
        try
        {
            var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 64 });
            var inResult = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 1)
                {
                    inResult = false;
                    continue;
                }

                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var depth = reader.CurrentDepth;
                var isToken = reader.ValueTextEquals("access_token"u8) || reader.ValueTextEquals("refresh_token"u8);
                var isResult = depth == 1 && reader.ValueTextEquals("result"u8);
                var isExpiry = inResult && depth == 2 && reader.ValueTextEquals("expires_in"u8);
                reader.Read();
                if (isResult)
                {
                    inResult = reader.TokenType == JsonTokenType.StartObject;
                }
                else if (isExpiry && reader.TokenType == JsonTokenType.Number)
                {
                    reader.TryGetInt64(out expiresIn);
                }
                else if (isToken && reader.TokenType == JsonTokenType.String)
                {
                    if (!inResult || depth != 2 || count == tokens.Length)
                    {
                        // A token where no reply carries one, or more than one of each: not relayed.
                        return ServerFrameAction.Drop;
                    }

                    tokens[count++] = new Range((int)reader.TokenStartIndex, (int)reader.BytesConsumed);
                }
            }
        }
        catch (JsonException)
        {
            return ServerFrameAction.Drop;
        }

        if (count == 0)
        {
            return ServerFrameAction.Relay;
        }

        var lifetime = expiresIn > 0 ? TimeSpan.FromSeconds(Math.Min(expiresIn, MaxLifetimeSeconds)) : DefaultLifetime;
        tokens = tokens[..count];
        if (count == 2 && tokens[1].Start.Value < tokens[0].Start.Value)
        {
            (tokens[0], tokens[1]) = (tokens[1], tokens[0]);
        }

        var copied = 0;
        foreach (var token in tokens)
        {
            var (start, length) = token.GetOffsetAndLength(message.Length);
            output.Append(message[copied..start]);
            var reader = new Utf8JsonReader(message[start..(start + length)]);
            reader.Read();
            output.Append((byte)'"');
            output.Append(System.Text.Encoding.ASCII.GetBytes(vault.Issue(reader.GetString()!, lifetime)));
            output.Append((byte)'"');
            copied = start + length;
        }

        output.Append(message[copied..]);
        return ServerFrameAction.Rewritten;
    }

    /// <summary>
    /// The id and status of a JSON-RPC reply, for the audit record of the login it answers: 200 with a <c>result</c>; with
    /// an <c>error</c>, 401 for Deribit's authentication failures (13004 invalid_credentials, 13009 unauthorized), 429 for
    /// 10028 too_many_requests, 400 otherwise. False for notifications (no id) and anything unreadable.
    /// </summary>
    public static bool TryReadReply(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> id, out int status)
    {
        id = default;
        status = 0;
        try
        {
            var reader = new Utf8JsonReader(message);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                var isResult = reader.ValueTextEquals("result"u8);
                var isError = reader.ValueTextEquals("error"u8);
                reader.Read();
                if (isId && reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                {
                    id = message[(int)reader.TokenStartIndex..(int)reader.BytesConsumed];
                }
                else if (isResult)
                {
                    status = 200;
                }
                else if (isError && reader.TokenType == JsonTokenType.StartObject)
                {
                    status = ErrorStatus(ref reader);
                    continue;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return !id.IsEmpty && status != 0;
    }

    /// <summary>Reads an error object (the reader is on its start) to its end; its status by code.</summary>
    private static int ErrorStatus(ref Utf8JsonReader reader)
    {
        var code = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCode = reader.ValueTextEquals("code"u8);
            reader.Read();
            if (isCode && reader.TokenType == JsonTokenType.Number)
            {
                reader.TryGetInt32(out code);
            }

            reader.Skip();
        }

        return code switch
        {
            13004 or 13009 => 401,
            10028 => 429,
            _ => 400,
        };
    }
}
