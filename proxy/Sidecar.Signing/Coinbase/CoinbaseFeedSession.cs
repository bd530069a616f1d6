using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Coinbase;

/// <summary>
/// What Coinbase's two WebSocket feeds — Advanced Trade (advanced-trade-ws…) and Exchange (ws-feed…) — share on the
/// bot's side: every client message is one flat JSON object <c>{"type":"subscribe"|"unsubscribe",…}</c> naming
/// channels and products, and a subscription that must be authenticated carries its credentials as members of that
/// same object, freshly signed in every message. There is no request id and no order entry: subscriptions are reads.
/// Errors are <c>{"type":"error","message":…}</c>. A frame that carries credentials or names a channel that needs
/// them is rebuilt: every member the bot sent is copied as it came except the credential members, which the
/// exchange's session writes itself; any other frame (market data) goes as it came.
/// </summary>
/// <remarks>
/// Coinbase's feed servers decode JSON the way Go's encoding/json does, which matches member names without regard to
/// case (and folds some non-ASCII letters onto ASCII ones, e.g. U+212A KELVIN SIGN onto 'k'). So member names must be
/// ASCII and distinct regardless of case, and credential members are recognised regardless of case: a bot's
/// <c>"KEY"</c> can never travel next to the real <c>"key"</c>.
/// </remarks>
internal abstract class CoinbaseFeedSession : WebSocketSession
{
    /// <summary>
    /// The feeds' methods, by the message's <c>type</c>: subscribing and unsubscribing read account data at most (no
    /// order entry on either feed). Another type that carries credentials is unlisted, so refused by every profile.
    /// </summary>
    public static readonly EndpointTable Methods = new(Read("WS /subscribe"), Read("WS /unsubscribe"));

    /// <summary>A subscribe has six or so members; four times that is refused.</summary>
    private const int MaxMembers = 24;

    /// <summary>The row of a frame that carries no credentials and names no channel that needs them: it acts on no account.</summary>
    private static readonly ExchangeEndpoint Unauthenticated = Public("WS /**");

    private readonly byte[][] _credentialNames;
    private JsonMember[] _members = new JsonMember[16];
    private int _count;

    /// <param name="credentialNames">The members that carry credentials: dropped from a rebuilt frame (whatever
    /// their letter case), and their presence alone makes a frame rebuilt.</param>
    protected CoinbaseFeedSession(params string[] credentialNames)
    {
        _credentialNames = [.. credentialNames.Select(System.Text.Encoding.ASCII.GetBytes)];
    }

    protected ReadOnlySpan<JsonMember> Members => _members.AsSpan(0, _count);

    /// <summary>
    /// Whether the message names a channel that Coinbase serves only to authenticated subscribers; false with
    /// <paramref name="error"/> when the channels are not in the form the feed takes.
    /// </summary>
    protected abstract bool NeedsAuthentication(ReadOnlySpan<byte> message, out string? error);

    /// <summary>True when the feed's error envelope also carries <c>reason</c> (Coinbase Exchange).</summary>
    protected virtual bool ErrorHasReason => false;

    public sealed override bool TryRead(ReadOnlySpan<byte> message, ClientFrame frame)
    {
        frame.Reset();
        _count = 0;
        try
        {
            var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return frame.Reject("a Coinbase feed message is a JSON object");
            }

            if (!JsonMember.TryReadObject(ref reader, message, ref _members, out _count, MaxMembers, out var error))
            {
                return frame.Reject(error!);
            }

            if (reader.Read())
            {
                return frame.Reject("data after the message object");
            }
        }
        catch (JsonException)
        {
            return frame.Reject("the frame is not JSON");
        }

        if (CheckNames(message) is { } nameError)
        {
            return frame.Reject(nameError);
        }

        var type = IndexOf(message, "type"u8);
        if (type < 0)
        {
            return frame.Reject("the message has no 'type'");
        }

        var member = _members[type];
        if (member.Kind != JsonTokenType.String || member.Escaped || member.Value.GetOffsetAndLength(message.Length).Length <= 2)
        {
            return frame.Reject("'type' must be a plain string");
        }

        var (start, length) = member.Value.GetOffsetAndLength(message.Length);
        if (length - 2 > ClientFrame.MaxMethodBytes)
        {
            return frame.RejectLongMethod();
        }

        frame.Method = new Range(start + 1, start + length - 1);
        var needsAuthentication = NeedsAuthentication(message, out var channelError);
        if (channelError is not null)
        {
            return frame.Reject(channelError);
        }

        var credentials = false;
        foreach (var m in Members)
        {
            credentials |= IsCredential(message[m.Name]);
        }

        Span<byte> path = stackalloc byte[length - 1];
        path[0] = (byte)'/';
        message[frame.Method].CopyTo(path[1..]);
        var row = Methods.Find(WebSocketAdapter.FrameMethod, path);
        if (!credentials && (!needsAuthentication || row.Category == EndpointCategory.Unknown))
        {
            frame.Endpoint = Unauthenticated;
            frame.Action = FrameAction.Forward;
            return true;
        }

        // Credentials (placeholders) or a channel that needs them: the frame goes out only as rebuilt and signed.
        frame.Endpoint = row;
        frame.Action = FrameAction.Rebuild;
        return true;
    }

    public sealed override void WriteError(ReadOnlySpan<byte> message, ClientFrame frame, FrameError error, string text, ByteBuilder output)
    {
        // The feeds' own error message ("Exchange WebSocket Errors"; Advanced Trade answers e.g.
        // {"type":"error","message":"authentication failure"}). It has no code member and no request id (Coinbase's
        // messages carry none); Sidecar's message always begins "sidecar <error>:", which no Coinbase error does.
        var encoded = JsonEncodedText.Encode(error.Message(text)).EncodedUtf8Bytes;
        output.Append("{\"type\":\"error\",\"message\":\""u8);
        output.Append(encoded);
        if (ErrorHasReason)
        {
            // ccxt's coinbaseexchange reports the reason (handleErrorMessage), so it carries the text too.
            output.Append("\",\"reason\":\""u8);
            output.Append(encoded);
        }

        output.Append("\"}"u8);
    }

    /// <summary>Writes <c>{</c> and every member the bot sent except the credential members, each followed by a comma.</summary>
    protected void WriteMembersExceptCredentials(ReadOnlySpan<byte> message, ByteBuilder body)
    {
        body.Append((byte)'{');
        foreach (var member in Members)
        {
            var name = message[member.Name];
            if (IsCredential(name))
            {
                continue;
            }

            body.Append((byte)'"');
            body.Append(name);
            body.Append("\":"u8);
            body.Append(message[member.Value]);
            body.Append((byte)',');
        }
    }

    /// <summary>Whether a member of this name carries credentials (compared without regard to ASCII case).</summary>
    private bool IsCredential(ReadOnlySpan<byte> name)
    {
        foreach (var credential in _credentialNames)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, credential))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index of the member named <paramref name="name"/> (ASCII case ignored: names are distinct that way), or -1.</summary>
    protected int IndexOf(ReadOnlySpan<byte> message, ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < _count; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(message[_members[i].Name], name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether a JSON string token (quotes included) says <paramref name="text"/>, escapes decoded.</summary>
    protected static bool StringEquals(ReadOnlySpan<byte> token, ReadOnlySpan<byte> text)
    {
        var reader = new Utf8JsonReader(token);
        return reader.Read() && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(text);
    }

    private string? CheckNames(ReadOnlySpan<byte> message)
    {
        for (var i = 0; i < _count; i++)
        {
            var name = message[_members[i].Name];
            if (!System.Text.Ascii.IsValid(name))
            {
                return "member names must be ASCII";
            }

            for (var j = 0; j < i; j++)
            {
                if (System.Text.Ascii.EqualsIgnoreCase(message[_members[j].Name], name))
                {
                    return $"'{System.Text.Encoding.ASCII.GetString(name)}' is given twice (Coinbase matches member names without regard to case)";
                }
            }
        }

        return null;
    }
}
