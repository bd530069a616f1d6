using System.Text.Encodings.Web;

namespace Sidecar.Signing.WebSockets;

/// <summary>
/// A connection to an exchange whose WebSocket requests are JSON objects naming an operation in <c>op</c>, its
/// parameters in an <c>args</c> array and, optionally, a request id (Bybit v5, OKX v5), and which authenticates the
/// connection once, with a login op carrying the key and a signature. Sidecar rebuilds the login frame with the
/// venue's key and an HSM signature; every later frame carries no credential, so it is judged by its op: the
/// exchange's method table gives its row, and once logged in an op the table does not list is unlisted, refused by
/// every profile as an unknown signed REST endpoint is. Before a login, frames act on no account (market data, or a
/// private op the exchange will refuse), so they are forwarded as public — except trading ops, which the policy
/// judges either way. On a path that takes no login (public market data) every frame passes through and a login frame
/// is refused: it could only carry a placeholder key.
/// </summary>
internal abstract class OpFrameSession : WebSocketSession
{
    /// <summary>What a frame that acts on no account is judged as.</summary>
    private static readonly ExchangeEndpoint ActsOnNoAccount = ExchangeEndpoint.Public("WS /**");

    private readonly EndpointTable _methods;

    /// <param name="loginPaths">The exchange's paths that take a login (its private endpoints); every other path is public.</param>
    protected OpFrameSession(WebSocketSessionContext context, EndpointTable methods, params string[] loginPaths)
    {
        _methods = methods;
        Credentials = context.Credentials;
        TakesLogin = Array.IndexOf(loginPaths, context.UpstreamPath.TrimEnd('/')) >= 0;
        ApiKeyJson = JsonText(context.Credentials.ApiKey);
    }

    protected VenueCredentials Credentials { get; }

    /// <summary>Whether the connection's path is one where the exchange takes a login (its private endpoints).</summary>
    protected bool TakesLogin { get; }

    /// <summary>Whether a login frame rebuilt by Sidecar went out on this connection: it then acts with the venue's key.</summary>
    protected bool LoggedIn { get; set; }

    /// <summary>The venue's API key as the text of a JSON string (escaped where JSON needs it, without quotes).</summary>
    protected byte[] ApiKeyJson { get; }

    /// <summary>The op of the frame read last (without quotes).</summary>
    protected Range Op { get; private set; }

    /// <summary>The <c>args</c> array of the frame read last, brackets included; empty when it had none.</summary>
    protected Range Args { get; private set; }

    /// <summary>The name of the frame's id member as the bot spelled it (exchanges differ), without quotes.</summary>
    protected Range IdName { get; private set; }

    /// <summary>The exchange's login op (<c>auth</c>, <c>login</c>).</summary>
    protected abstract ReadOnlySpan<byte> LoginOp { get; }

    /// <summary>Whether <paramref name="name"/> is the exchange's name for a request id.</summary>
    protected abstract bool IsIdName(ReadOnlySpan<byte> name);

    /// <summary>Reads a top-level member other than the id, <c>op</c> and <c>args</c>; false (with a reason) when the exchange has no such member.</summary>
    /// <param name="reader">On the member's name; must be left on the last token of its value.</param>
    protected abstract bool TryReadMember(ReadOnlySpan<byte> name, ref Utf8JsonReader reader, ReadOnlySpan<byte> message, out string? error);

    /// <summary>Checks a login frame's <c>args</c> (<see cref="Args"/>) before it is rebuilt; false with a reason to refuse it.</summary>
    protected abstract bool TryReadLogin(ReadOnlySpan<byte> message, out string? error);

    /// <summary>Reads a message that is not JSON but the exchange's own (OKX's <c>ping</c>); false when it is not one.</summary>
    protected virtual bool TryReadPlainText(ReadOnlySpan<byte> message, ClientFrame frame) => false;

    /// <summary>Resets what the exchange kept of the previous frame.</summary>
    protected virtual void ResetFrame()
    {
    }

    /// <summary>The action for an allowed non-login frame: forwarded as it came unless the exchange rewrites something in it.</summary>
    protected virtual FrameAction ActionFor(ExchangeEndpoint row) => FrameAction.Forward;

    public override bool TryRead(ReadOnlySpan<byte> message, ClientFrame frame)
    {
        frame.Reset();
        Op = default;
        Args = default;
        IdName = default;
        ResetFrame();
        if (TryReadPlainText(message, frame))
        {
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return frame.Reject("a request is a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped)
                {
                    return frame.Reject("member names with escapes are not accepted");
                }

                var nameStart = (int)reader.TokenStartIndex + 1;
                var name = message.Slice(nameStart, reader.ValueSpan.Length);
                if (IsIdName(name))
                {
                    if (!IdName.Equals(default(Range)))
                    {
                        return frame.Reject("the request id is given twice");
                    }

                    IdName = new Range(nameStart, nameStart + name.Length);
                    reader.Read();
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number or JsonTokenType.Null))
                    {
                        return frame.Reject("the request id must be a string, a number or null");
                    }

                    frame.Id = new Range((int)reader.TokenStartIndex, (int)reader.BytesConsumed);
                }
                else if (name.SequenceEqual("op"u8))
                {
                    if (!Op.Equals(default(Range)))
                    {
                        return frame.Reject("'op' is given twice");
                    }

                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.ValueSpan.IsEmpty)
                    {
                        return frame.Reject("'op' must be a plain string");
                    }

                    Op = new Range((int)reader.TokenStartIndex + 1, (int)reader.BytesConsumed - 1);
                }
                else if (name.SequenceEqual("args"u8))
                {
                    if (!Args.Equals(default(Range)))
                    {
                        return frame.Reject("'args' is given twice");
                    }

                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        return frame.Reject("'args' must be an array");
                    }

                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    Args = new Range(start, (int)reader.BytesConsumed);
                }
                else if (!TryReadMember(name, ref reader, message, out var error))
                {
                    return frame.Reject(error!);
                }
            }

            if (reader.Read())
            {
                return frame.Reject("data after the request object");
            }
        }
        catch (JsonException)
        {
            return frame.Reject("the frame is not JSON");
        }

        if (Op.Equals(default(Range)))
        {
            return frame.Reject("the request has no 'op'");
        }

        if (message[Op].Length > ClientFrame.MaxMethodBytes)
        {
            return frame.RejectLongMethod();
        }

        frame.Method = Op;
        var op = message[Op];
        Span<byte> path = stackalloc byte[op.Length + 1];
        path[0] = (byte)'/';
        op.CopyTo(path[1..]);
        var row = _methods.Find(WebSocketAdapter.FrameMethod, path);
        if (op.SequenceEqual(LoginOp))
        {
            if (!TakesLogin)
            {
                return frame.Reject("this endpoint takes no login: log in on the exchange's private endpoints");
            }

            if (!TryReadLogin(message, out var error))
            {
                return frame.Reject(error!);
            }

            frame.Endpoint = row;
            frame.Action = FrameAction.Rebuild;
            return true;
        }

        if (!TakesLogin || (!LoggedIn && row.Category != EndpointCategory.Trade))
        {
            frame.Endpoint = ActsOnNoAccount;
            frame.Action = FrameAction.Forward;
            return true;
        }

        if (row.Orders is not null)
        {
            if (Args.Equals(default(Range)))
            {
                return frame.Reject("an order op needs its 'args' array");
            }

            frame.OrderJson = Args;
        }

        frame.Endpoint = row;
        frame.Action = ActionFor(row);
        return true;
    }

    /// <summary>
    /// Reads the id and the exchange's verdict of a reply (for the audit record of the frame it answers); pushes and
    /// events carry no request id and are not replies.
    /// </summary>
    public sealed override bool TryReadReply(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> id, out int status)
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
                if (!reader.ValueIsEscaped && IsIdName(reader.ValueSpan))
                {
                    reader.Read();
                    if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                    {
                        id = message[(int)reader.TokenStartIndex..(int)reader.BytesConsumed];
                    }
                }
                else if (!TryReadStatus(ref reader, ref status))
                {
                    reader.Read();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not a reply Sidecar can read; it is relayed all the same.
        }

        return !id.IsEmpty && status != 0;
    }

    /// <summary>
    /// On a reply's member name: when it is the exchange's verdict, reads it into <paramref name="status"/> (200 for
    /// success, 207 for partly, 503 when the exchange may or may not have acted, 400 for a refusal) and returns true,
    /// leaving the reader on the value; false leaves the reader on the name.
    /// </summary>
    protected abstract bool TryReadStatus(ref Utf8JsonReader reader, ref int status);

    /// <summary>Writes the bot's id member (<c>"name":value,</c>) as it sent it; nothing when it sent none.</summary>
    protected void WriteId(ReadOnlySpan<byte> message, ClientFrame frame, ByteBuilder output)
    {
        if (IdName.Equals(default(Range)))
        {
            return;
        }

        output.Append((byte)'"');
        output.Append(message[IdName]);
        output.Append("\":"u8);
        output.Append(message[frame.Id]);
        output.Append((byte)',');
    }

    /// <summary>The text of a JSON string holding <paramref name="value"/>, without quotes: computed once per connection.</summary>
    protected static byte[] JsonText(string value) =>
        JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes.ToArray();

    /// <summary>Appends <paramref name="text"/> JSON-encoded, for error messages.</summary>
    protected static void AppendJsonString(ByteBuilder output, string text)
    {
        output.Append((byte)'"');
        output.Append(JsonEncodedText.Encode(text).EncodedUtf8Bytes);
        output.Append((byte)'"');
    }

    /// <summary>Appends a non-negative integer as ASCII digits.</summary>
    protected static void AppendNumber(ByteBuilder output, long value)
    {
        var span = output.GetSpan(20);
        System.Buffers.Text.Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }
}
