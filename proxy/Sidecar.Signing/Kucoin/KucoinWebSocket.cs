using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Kucoin;

/// <summary>
/// KuCoin's push WebSocket (the <c>endpoint</c> of REST <c>bullet-private</c>/<c>bullet-public</c>, e.g.
/// <c>wss://ws-api-spot.kucoin.com/?token=…</c>; kucoin.com/docs-new, "WebSocket → Base Info"). The token in the URL is
/// the credential, read-only, and passes as the bot sent it; no frame carries one, so nothing is signed or swapped.
/// Clients send <c>{"id","type":"ping"}</c> and <c>{"id","type":"subscribe"|"unsubscribe","topic",
/// "privateChannel","response"}</c> (the unified account's push, <c>wsapi-push.kucoin.com</c>, names the type
/// <c>action</c>): frames go as they came once the venue's policy allowed their type, and any other type is refused.
/// KuCoin's order WebSocket (<c>wsapi.kucoin.com/v1/private</c>, signed in the upgrade URL and then by a challenge) is
/// not supported: Sidecar does not sign upgrade URLs, and ccxt does not use it.
/// </summary>
internal sealed class KucoinWebSocket : WebSocketAdapter
{
    /// <summary>
    /// Every subscription is a read: the private topics (balances, orders, fills, positions) show the account, the public
    /// ones market data, and the push socket can do nothing else.
    /// </summary>
    private static readonly EndpointTable Table = new(
        Public("WS /ping"),
        Read("WS /subscribe"),
        Read("WS /unsubscribe"));

    public override EndpointTable Methods => Table;

    public override WebSocketSession Open(WebSocketSessionContext context) => new Session();

    private sealed class Session : WebSocketSession
    {
        /// <summary>A subscribe has six members; a frame with many more is not one.</summary>
        private const int MaxMembers = 16;

        /// <summary>The longest type is 11 bytes (unsubscribe); the type becomes a path on the stack.</summary>
        private const int MaxTypeBytes = 32;

        private JsonMember[] _members = new JsonMember[8];

        public override bool TryRead(ReadOnlySpan<byte> message, ClientFrame frame)
        {
            frame.Reset();
            int count;
            try
            {
                var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 16 });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return frame.Reject("a KuCoin WebSocket message is a JSON object");
                }

                if (!JsonMember.TryReadObject(ref reader, message, ref _members, out count, MaxMembers, out var error))
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

            var members = _members.AsSpan(0, count);
            var id = JsonMember.IndexOf(members, message, "id"u8);
            if (id >= 0)
            {
                if (members[id].Kind is not (JsonTokenType.String or JsonTokenType.Number))
                {
                    return frame.Reject("'id' must be a string or a number");
                }

                frame.Id = members[id].Value;
            }

            var type = JsonMember.IndexOf(members, message, "type"u8);
            var action = JsonMember.IndexOf(members, message, "action"u8);
            if ((type < 0) == (action < 0))
            {
                return frame.Reject("a KuCoin WebSocket message has one 'type' (or, on the unified account's push, one 'action')");
            }

            var named = members[type >= 0 ? type : action];
            var length = message[named.Value].Length - 2;
            if (named.Kind != JsonTokenType.String || named.Escaped || length is <= 0 or > MaxTypeBytes)
            {
                return frame.Reject("the message type must be a plain string");
            }

            var (start, _) = named.Value.GetOffsetAndLength(message.Length);
            frame.Method = new Range(start + 1, start + 1 + length);
            Span<byte> path = stackalloc byte[MaxTypeBytes + 1];
            path[0] = (byte)'/';
            message[frame.Method].CopyTo(path[1..]);
            frame.Endpoint = Table.Find(FrameMethod, path[..(length + 1)]);
            frame.Action = FrameAction.Forward;
            return true;
        }

        public override SignOutcome Rewrite(ReadOnlySpan<byte> message, ClientFrame frame, in FrameClock clock, SignedRequest output) =>
            throw new InvalidOperationException("KuCoin push frames are forwarded as they came; none is rebuilt");

        /// <summary>
        /// KuCoin's error message, <c>{"id","type":"error","code","data"}</c> ("WebSocket → Base Info"), with the bot's id.
        /// KuCoin's WebSocket codes are three-digit HTTP-like numbers (401, 404, 415, 509) and its REST codes six digits
        /// (400100), so Sidecar's four-digit codes (4030, …) cannot be taken for one of them.
        /// </summary>
        public override void WriteError(ReadOnlySpan<byte> message, ClientFrame frame, FrameError error, string text, ByteBuilder output)
        {
            output.Append("{\"id\":"u8);
            output.Append(frame.Id.Equals(default(Range)) ? "null"u8 : message[frame.Id]);
            output.Append(",\"type\":\"error\",\"code\":"u8);
            var span = output.GetSpan(11);
            System.Buffers.Text.Utf8Formatter.TryFormat(error.Code, span, out var written);
            output.Advance(written);
            output.Append(",\"data\":\""u8);
            output.Append(JsonEncodedText.Encode(error.Message(text)).EncodedUtf8Bytes);
            output.Append("\"}"u8);
        }
    }
}
