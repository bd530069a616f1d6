using System.Text.Json;
using Sidecar.Signing.Policy;
using Sidecar.Signing.Tokens;
using Sidecar.Signing.WebSockets;

namespace Sidecar.Signing.Kraken;

/// <summary>
/// Kraken's Spot WebSocket v2 (<c>wss://ws-auth.kraken.com/v2</c>): every request is
/// <c>{"method","params","req_id"}</c>, and a private one carries the token from REST <c>GetWebSocketsToken</c> in
/// <c>params.token</c> (docs.kraken.com, "WebSocket authentication"). Nothing is signed per message: the token is the
/// credential, and it can trade. When the venue that minted it guards orders, the bot holds a placeholder instead
/// (<see cref="KrakenWebSocketToken"/>), which the session swaps back for the real token in each frame it forwards, after
/// the frame passed the policy; an unknown or expired placeholder is refused, never forwarded. Replies and channel
/// updates are relayed as they come. WS v1 frames (<c>{"event":…}</c>) are refused: their token sits elsewhere
/// (<c>token</c>, <c>subscription.token</c>) and v1 is frozen.
/// </summary>
internal sealed class KrakenWebSocket : WebSocketAdapter
{
    public override EndpointTable Methods => KrakenWebSocketMethods.Table;

    public override WebSocketSession Open(WebSocketSessionContext context) => new Session(context.Credentials.Tokens);

    /// <summary>One connection: reads each request, and swaps a placeholder token for the real one.</summary>
    private sealed class Session(TokenVault tokens) : WebSocketSession
    {
        /// <summary>add_order has about 30 params (docs); twice that is refused.</summary>
        private const int MaxParams = 64;

        /// <summary>Kraken's longest method name is 23 bytes (cancel_all_orders_after); the method becomes a path on the stack.</summary>
        private const int MaxMethodBytes = 64;

        /// <summary>Kraken's tokens are 43 base64 characters and placeholders 52; anything longer is neither.</summary>
        private const int MaxTokenBytes = 256;

        /// <summary>Frames without a token act on no account (public channels, a private method Kraken will refuse).</summary>
        private static readonly ExchangeEndpoint NoAccount = ExchangeEndpoint.Public("WS /**");

        private JsonMember[] _params = new JsonMember[16];

        /// <summary>The token's JSON string in the message, quotes included.</summary>
        private Range _token;

        public override bool TryRead(ReadOnlySpan<byte> message, ClientFrame frame)
        {
            frame.Reset();
            _token = default;
            var count = 0;
            Range method = default;
            Range parameters = default;
            try
            {
                var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 16 });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return frame.Reject("a Kraken WebSocket v2 request is a JSON object");
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueIsEscaped)
                    {
                        return frame.Reject("member names with escapes are not accepted");
                    }

                    if (reader.ValueTextEquals("method"u8))
                    {
                        if (!method.Equals(default(Range)))
                        {
                            return frame.Reject("'method' is given twice");
                        }

                        reader.Read();
                        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.ValueSpan.IsEmpty || reader.ValueSpan.Length > MaxMethodBytes)
                        {
                            return frame.Reject("'method' must be a plain string naming a Kraken method");
                        }

                        method = new Range((int)reader.TokenStartIndex + 1, (int)reader.BytesConsumed - 1);
                    }
                    else if (reader.ValueTextEquals("params"u8))
                    {
                        if (!parameters.Equals(default(Range)))
                        {
                            return frame.Reject("'params' is given twice");
                        }

                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            return frame.Reject("'params' must be an object");
                        }

                        var start = (int)reader.TokenStartIndex;
                        if (!JsonMember.TryReadObject(ref reader, message, ref _params, out count, MaxParams, out var error))
                        {
                            return frame.Reject("params: " + error);
                        }

                        parameters = new Range(start, (int)reader.BytesConsumed);
                    }
                    else if (reader.ValueTextEquals("req_id"u8))
                    {
                        if (!frame.Id.Equals(default(Range)))
                        {
                            return frame.Reject("'req_id' is given twice");
                        }

                        reader.Read();
                        frame.Id = new Range((int)reader.TokenStartIndex, (int)reader.BytesConsumed);
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out _))
                        {
                            return frame.Reject("'req_id' must be an integer");
                        }
                    }
                    else if (reader.ValueTextEquals("event"u8))
                    {
                        return frame.Reject("Kraken WebSocket v1 frames are not relayed: connect to /v2");
                    }
                    else
                    {
                        // v2's envelope has these three members only; anything else is not forwarded blindly.
                        return frame.Reject("a Kraken WebSocket v2 request has only 'method', 'params' and 'req_id'");
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

            if (method.Equals(default(Range)))
            {
                return frame.Reject("the request has no 'method'");
            }

            frame.Method = method;
            Span<byte> path = stackalloc byte[MaxMethodBytes + 1];
            path[0] = (byte)'/';
            message[method].CopyTo(path[1..]);
            var row = KrakenWebSocketMethods.Table.Find(WebSocketAdapter.FrameMethod, path[..(message[method].Length + 1)]);
            var members = _params.AsSpan(0, count);
            var token = JsonMember.IndexOf(members, message, "token"u8);
            if (token < 0)
            {
                frame.Endpoint = row.Access == EndpointAccess.Public ? row : NoAccount;
                frame.Action = FrameAction.Forward;
                return true;
            }

            var value = members[token];
            if (value.Kind != JsonTokenType.String || value.Escaped || message[value.Value].Length - 2 is 0 or > MaxTokenBytes)
            {
                return frame.Reject("'token' must be a plain string: the token from GetWebSocketsToken, or Sidecar's placeholder for it");
            }

            // Every frame with a token acts on the account: judged by its method, and rebuilt (a placeholder swapped
            // back; a real token copied as sent) so that it is recorded like a signed REST request.
            _token = value.Value;
            frame.Endpoint = row;
            frame.OrderJson = row.Orders is null ? default : parameters;
            frame.Action = FrameAction.Rebuild;
            return true;
        }

        public override SignOutcome Rewrite(ReadOnlySpan<byte> message, ClientFrame frame, in FrameClock clock, SignedRequest output)
        {
            output.Reset();
            output.Access = frame.Endpoint.Access;
            var (start, length) = _token.GetOffsetAndLength(message.Length);
            var sent = message.Slice(start + 1, length - 2);
            Span<char> text = stackalloc char[MaxTokenBytes];
            var chars = System.Text.Encoding.UTF8.GetChars(sent, text);
            var body = output.Body;
            if (!TokenVault.IsPlaceholder(text[..chars]))
            {
                // A real token (the venue that minted it guards no orders): forwarded as sent, after the same policy.
                body.Append(message);
                return SignOutcome.PassThrough;
            }

            if (!tokens.TryRedeem(text[..chars], out var token))
            {
                return output.Reject("the token is a placeholder Sidecar did not issue or that expired (it lives as long as Kraken's token, 15 min): get a new one with GetWebSocketsToken through Sidecar");
            }

            body.Append(message[..(start + 1)]);
            var span = body.GetSpan(token.Length * 3);
            body.Advance(System.Text.Encoding.UTF8.GetBytes(token, span));
            body.Append(message[(start + length - 1)..]);
            return SignOutcome.PassThrough;
        }

        /// <summary>
        /// Kraken v2's error answer, <c>{"error","method","req_id","success":false}</c> (add_order "Response"), with the
        /// bot's method and req_id. v2 errors carry no code, only text, and Kraken's own all read
        /// <c>E&lt;Category&gt;:&lt;message&gt;</c> (<c>EOrder:Insufficient funds</c>); Sidecar's begin with "sidecar", so a bot
        /// cannot take one for the other. No <c>time_in</c>/<c>time_out</c>: the exchange never saw the request.
        /// </summary>
        public override void WriteError(ReadOnlySpan<byte> message, ClientFrame frame, FrameError error, string text, ByteBuilder output)
        {
            output.Append("{\"error\":\""u8);
            output.Append(JsonEncodedText.Encode(error.Message(text)).EncodedUtf8Bytes);
            output.Append((byte)'"');
            if (!frame.Method.Equals(default(Range)))
            {
                output.Append(",\"method\":\""u8);
                output.Append(message[frame.Method]);
                output.Append((byte)'"');
            }

            if (!frame.Id.Equals(default(Range)))
            {
                output.Append(",\"req_id\":"u8);
                output.Append(message[frame.Id]);
            }

            output.Append(",\"success\":false}"u8);
        }

        /// <summary>A reply is <c>{"method","req_id","success",…}</c>: success is 200, a failure 400, for the audit.</summary>
        public override bool TryReadReply(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> id, out int status)
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
                    var isId = reader.ValueTextEquals("req_id"u8);
                    var isSuccess = reader.ValueTextEquals("success"u8);
                    reader.Read();
                    if (isId && reader.TokenType == JsonTokenType.Number)
                    {
                        id = message[(int)reader.TokenStartIndex..(int)reader.BytesConsumed];
                    }
                    else if (isSuccess && reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                    {
                        status = reader.TokenType == JsonTokenType.True ? 200 : 400;
                    }
                    else
                    {
                        reader.Skip();
                    }

                    if (!id.IsEmpty && status != 0)
                    {
                        return true;
                    }
                }
            }
            catch (JsonException)
            {
                // Not a reply Sidecar can read; it is relayed all the same.
            }

            return false;
        }
    }
}
