using Sidecar.Signing.Tokens;

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

        /// <summary>A request has three members (method, params, req_id); a few more are read only to be refused.</summary>
        private const int MaxEnvelope = 8;

        /// <summary>A reply has seven members (error, method, req_id, result, success, time_in, time_out), warnings aside.</summary>
        private const int MaxReplyMembers = 16;

        /// <summary>Kraken's longest method name is 23 bytes (cancel_all_orders_after); the method becomes a path on the stack.</summary>
        private const int MaxMethodBytes = 64;

        /// <summary>Kraken's tokens are 43 base64 characters and placeholders 52; anything longer is neither.</summary>
        private const int MaxTokenBytes = 256;

        /// <summary>Frames without a token act on no account (public channels, a private method Kraken will refuse).</summary>
        private static readonly ExchangeEndpoint NoAccount = ExchangeEndpoint.Public("WS /**");

        private JsonMember[] _envelope = new JsonMember[4];
        private JsonMember[] _reply = new JsonMember[8];
        private JsonMember[] _params = new JsonMember[16];

        /// <summary>The token's JSON string in the message, quotes included.</summary>
        private Range _token;

        public override bool TryRead(ReadOnlySpan<byte> message, ClientFrame frame)
        {
            frame.Reset();
            _token = default;
            int count;
            try
            {
                var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 16 });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return frame.Reject("a Kraken WebSocket v2 request is a JSON object");
                }

                if (!JsonMember.TryReadObject(ref reader, message, ref _envelope, out count, MaxEnvelope, out var error))
                {
                    return frame.Reject(error!);
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

            Range parameters = default;
            var paramCount = 0;
            foreach (var member in _envelope.AsSpan(0, count))
            {
                var name = message[member.Name];
                if (name.SequenceEqual("method"u8))
                {
                    var length = message[member.Value].Length - 2;
                    if (member.Kind != JsonTokenType.String || member.Escaped || length is <= 0 or > MaxMethodBytes)
                    {
                        return frame.Reject("'method' must be a plain string naming a Kraken method");
                    }

                    var (start, _) = member.Value.GetOffsetAndLength(message.Length);
                    frame.Method = new Range(start + 1, start + 1 + length);
                }
                else if (name.SequenceEqual("req_id"u8))
                {
                    frame.Id = member.Value;
                    if (member.Kind != JsonTokenType.Number || !Utf8Parser.TryParse(message[member.Value], out long _, out var consumed) || consumed != message[member.Value].Length)
                    {
                        return frame.Reject("'req_id' must be an integer");
                    }
                }
                else if (name.SequenceEqual("params"u8))
                {
                    if (member.Kind != JsonTokenType.StartObject)
                    {
                        return frame.Reject("'params' must be an object");
                    }

                    if (!TryReadParams(message, member.Value, out paramCount, out var error))
                    {
                        return frame.Reject("params: " + error);
                    }

                    parameters = member.Value;
                }
                else if (name.SequenceEqual("event"u8))
                {
                    return frame.Reject("Kraken WebSocket v1 frames are not relayed: connect to /v2");
                }
                else
                {
                    // v2's envelope has these three members only; anything else is not forwarded blindly.
                    return frame.Reject("a Kraken WebSocket v2 request has only 'method', 'params' and 'req_id'");
                }
            }

            if (frame.Method.Equals(default(Range)))
            {
                return frame.Reject("the request has no 'method'");
            }

            var method = message[frame.Method];
            Span<byte> path = stackalloc byte[MaxMethodBytes + 1];
            path[0] = (byte)'/';
            method.CopyTo(path[1..]);
            var row = KrakenWebSocketMethods.Table.Find(WebSocketAdapter.FrameMethod, path[..(method.Length + 1)]);
            var members = _params.AsSpan(0, paramCount);
            var paramsJson = message[parameters];
            var token = JsonMember.IndexOf(members, paramsJson, "token"u8);
            if (token < 0)
            {
                frame.Endpoint = row.Access == EndpointAccess.Public ? row : NoAccount;
                frame.Action = FrameAction.Forward;
                return true;
            }

            var value = members[token];
            if (value.Kind != JsonTokenType.String || value.Escaped || paramsJson[value.Value].Length - 2 is 0 or > MaxTokenBytes)
            {
                return frame.Reject("'token' must be a plain string: the token from GetWebSocketsToken, or Sidecar's placeholder for it");
            }

            // Every frame with a token acts on the account: judged by its method, and rebuilt (a placeholder swapped
            // back; a real token copied as sent) so that it is recorded like a signed REST request.
            var (offset, _) = parameters.GetOffsetAndLength(message.Length);
            var (tokenStart, tokenLength) = value.Value.GetOffsetAndLength(paramsJson.Length);
            _token = new Range(offset + tokenStart, offset + tokenStart + tokenLength);
            frame.Endpoint = row;
            frame.OrderJson = row.Orders is null ? default : parameters;
            frame.Action = FrameAction.Rebuild;
            return true;
        }

        /// <summary>The members of <c>params</c>, their ranges relative to the object's own bytes.</summary>
        private bool TryReadParams(ReadOnlySpan<byte> message, Range parameters, out int count, out string? error)
        {
            var json = message[parameters];
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            reader.Read();
            return JsonMember.TryReadObject(ref reader, json, ref _params, out count, MaxParams, out error);
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
            int count;
            try
            {
                var reader = new Utf8JsonReader(message);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                    || !JsonMember.TryReadObject(ref reader, message, ref _reply, out count, MaxReplyMembers, out _))
                {
                    return false;
                }
            }
            catch (JsonException)
            {
                // Not a reply Sidecar can read; it is relayed all the same.
                return false;
            }

            var members = _reply.AsSpan(0, count);
            var reqId = JsonMember.IndexOf(members, message, "req_id"u8);
            var success = JsonMember.IndexOf(members, message, "success"u8);
            if (reqId < 0 || success < 0 || members[reqId].Kind != JsonTokenType.Number || members[success].Kind is not (JsonTokenType.True or JsonTokenType.False))
            {
                return false;
            }

            id = message[members[reqId].Value];
            status = members[success].Kind == JsonTokenType.True ? 200 : 400;
            return true;
        }
    }
}
