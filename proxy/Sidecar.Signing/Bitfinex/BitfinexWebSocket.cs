namespace Sidecar.Signing.Bitfinex;

/// <summary>
/// Bitfinex's WebSocket v2 (<c>wss://api.bitfinex.com/ws/2</c>): the connection authenticates once with
/// <c>{"event":"auth","apiKey","authSig","authNonce","authPayload"[,"dms"][,"filter"]}</c>, <c>authPayload = "AUTH" +
/// authNonce</c> and <c>authSig = hex(HMAC-SHA384(secret, authPayload))</c>, the nonce "ever increasing" and at most
/// 9007199254740991 (docs.bitfinex.com/docs/ws-auth). Sidecar rebuilds that frame: the venue's key, a nonce from the
/// key's own strictly increasing microsecond counter — the one its REST nonces come from (<see cref="BitfinexScheme"/>),
/// so WebSocket and REST nonces never go backwards for the key (ccxt's milliseconds would fall below the REST floor
/// and be refused) — the payload and an HSM signature; every other member (<c>dms</c>, <c>filter</c>, <c>calc</c>) is
/// kept as the bot wrote it, in its order. Inputs (<c>[0,"on",null,{…}]</c>) carry no credentials and are forwarded as
/// they came once the policy allows them (<see cref="BitfinexWebSocketMessages"/>); server frames are relayed as they come.
/// </summary>
internal sealed class BitfinexWebSocket : WebSocketAdapter
{
    public override EndpointTable Methods => BitfinexWebSocketMessages.Table;

    public override WebSocketSession Open(WebSocketSessionContext context) => new Session(context.Credentials);

    internal sealed class Session(VenueCredentials credentials) : WebSocketSession
    {
        /// <summary>An auth event has seven members at most (with dms and filter); a new order about fifteen.</summary>
        private const int MaxMembers = 32;

        /// <summary>Event and input names are short (<c>unsubscribe</c>, <c>oc_multi</c>).</summary>
        private const int MaxName = 32;

        private const string CidIsScalar = "'cid' (the client's id) must be a number or a string";

        private readonly VenueCredentials _credentials = credentials;
        private readonly byte[] _key = FrameText.Encode(credentials.ApiKey);
        private JsonMember[] _members = new JsonMember[8];
        private int _memberCount;
        private Kind _kind;

        private enum Kind
        {
            Unread,
            Event,
            Auth,
            Input,
        }

        public override bool TryRead(ReadOnlySpan<byte> message, ClientFrame frame)
        {
            frame.Reset();
            _memberCount = 0;
            _kind = Kind.Unread;
            try
            {
                var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 32 });
                if (!reader.Read())
                {
                    return frame.Reject("the frame is empty");
                }

                var read = reader.TokenType switch
                {
                    JsonTokenType.StartObject => ReadEvent(ref reader, message, frame),
                    JsonTokenType.StartArray => ReadInput(ref reader, message, frame),
                    _ => frame.Reject("a Bitfinex message is a JSON object (an event) or array (an input)"),
                };
                if (read && reader.Read())
                {
                    return frame.Reject("data after the message");
                }

                return read;
            }
            catch (JsonException)
            {
                return frame.Reject("the frame is not JSON");
            }
        }

        public override SignOutcome Rewrite(ReadOnlySpan<byte> message, ClientFrame frame, in FrameClock clock, SignedRequest output)
        {
            output.Reset();
            output.Access = frame.Endpoint.Access;
            if (_credentials.Nonces is not { } nonces)
            {
                return output.Reject("This Bitfinex venue has no nonce source.");
            }

            // µs, as REST signs (BitfinexScheme); far below 9007199254740991 until the year 2255.
            var nonce = nonces.Next(clock.UnixTimeMilliseconds * 1000);
            output.Prehash.Append("AUTH"u8);
            FrameText.AppendInteger(output.Prehash, nonce);
            Span<byte> signature = stackalloc byte[FrameText.MaxHexSignature];
            signature = signature[..FrameText.SignHex(output, _credentials.Key, signature)];

            var body = output.Body;
            var members = _members.AsSpan(0, _memberCount);
            body.Append((byte)'{');
            var first = true;
            bool key = false, signed = false, nonced = false, payload = false;
            foreach (var member in members)
            {
                var name = message[member.Name];
                if (name.SequenceEqual("apiKey"u8))
                {
                    FrameText.AppendQuotedMember(body, "apiKey"u8, _key, ref first);
                    key = true;
                }
                else if (name.SequenceEqual("authSig"u8))
                {
                    FrameText.AppendQuotedMember(body, "authSig"u8, signature, ref first);
                    signed = true;
                }
                else if (name.SequenceEqual("authNonce"u8))
                {
                    // The docs call it a numeric string, their own sample and ccxt send a number: the bot's kind is kept.
                    WriteNonce(body, nonce, member.Kind == JsonTokenType.String, ref first);
                    nonced = true;
                }
                else if (name.SequenceEqual("authPayload"u8))
                {
                    FrameText.AppendQuotedMember(body, "authPayload"u8, output.Prehash.WrittenSpan, ref first);
                    payload = true;
                }
                else
                {
                    FrameText.Separate(body, ref first);
                    FrameText.AppendMember(body, message, member);
                }
            }

            if (!key)
            {
                FrameText.AppendQuotedMember(body, "apiKey"u8, _key, ref first);
            }

            if (!signed)
            {
                FrameText.AppendQuotedMember(body, "authSig"u8, signature, ref first);
            }

            if (!nonced)
            {
                WriteNonce(body, nonce, quoted: false, ref first);
            }

            if (!payload)
            {
                FrameText.AppendQuotedMember(body, "authPayload"u8, output.Prehash.WrittenSpan, ref first);
            }

            body.Append((byte)'}');
            return SignOutcome.Signed;
        }

        public override void WriteError(ReadOnlySpan<byte> message, ClientFrame frame, FrameError error, string text, ByteBuilder output)
        {
            // Bitfinex's own envelopes, with Sidecar's four-digit codes: Bitfinex's are five digits (10000 unknown
            // event, 10100 auth, 10114 nonce, 10300 subscription …; docs "Abbreviations Glossary"/"Error codes").
            var reason = error.Message(text);
            switch (_kind)
            {
                case Kind.Input when !frame.Method.Equals(default(Range)):
                    // An input's answer is a notification on channel 0: [0,"n",[MTS,"on-req",null,null,DATA,CODE,"ERROR",TEXT]],
                    // DATA echoing the input's order id, group id, client id and symbol (the bot's request id is its cid).
                    output.Append("[0,\"n\",["u8);
                    FrameText.AppendInteger(output, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    output.Append(",\""u8);
                    output.Append(message[frame.Method]);
                    output.Append("-req\",null,null,"u8);
                    WriteEcho(output, message, frame);
                    output.Append((byte)',');
                    FrameText.AppendInteger(output, error.Code);
                    output.Append(",\"ERROR\","u8);
                    FrameText.AppendString(output, reason);
                    output.Append("]]"u8);
                    return;
                case Kind.Auth:
                    output.Append("{\"event\":\"auth\",\"status\":\"FAILED\",\"chanId\":0,\"code\":"u8);
                    FrameText.AppendInteger(output, error.Code);
                    output.Append(",\"msg\":"u8);
                    FrameText.AppendString(output, reason);
                    output.Append((byte)'}');
                    return;
                default:
                    output.Append("{\"event\":\"error\",\"msg\":"u8);
                    FrameText.AppendString(output, reason);
                    output.Append(",\"code\":"u8);
                    FrameText.AppendInteger(output, error.Code);
                    output.Append((byte)'}');
                    return;
            }
        }

        private bool ReadEvent(ref Utf8JsonReader reader, ReadOnlySpan<byte> message, ClientFrame frame)
        {
            _kind = Kind.Event;
            if (!JsonMember.TryReadObject(ref reader, message, ref _members, out _memberCount, MaxMembers, out var error))
            {
                return frame.Reject(error!);
            }

            var members = _members.AsSpan(0, _memberCount);
            var name = JsonMember.IndexOf(members, message, "event"u8);
            if (name < 0 || !FrameText.TryGetPlainString(members[name], MaxName, out var eventName))
            {
                return frame.Reject("an event needs an 'event': a plain string");
            }

            frame.Method = eventName;
            var auth = message[eventName].SequenceEqual("auth"u8);
            if (auth)
            {
                _kind = Kind.Auth;
                if (JsonMember.IndexOf(members, message, "authToken"u8) >= 0)
                {
                    return frame.Reject("Sidecar authenticates with the venue's key: send the auth event without an 'authToken'");
                }
            }
            else if (JsonMember.IndexOf(members, message, "apiKey"u8) >= 0 || JsonMember.IndexOf(members, message, "authSig"u8) >= 0
                || JsonMember.IndexOf(members, message, "authToken"u8) >= 0)
            {
                return frame.Reject("credentials belong in the auth event only");
            }

            if (!FrameText.TryTakeId(frame, members, message, "cid"u8))
            {
                return frame.Reject(CidIsScalar);
            }

            frame.Endpoint = BitfinexWebSocketMessages.Events.Find(FrameMethod, FrameText.MethodPath(message[eventName], stackalloc byte[MaxName + 1]));
            frame.Action = auth ? FrameAction.Rebuild : FrameAction.Forward;
            return true;
        }

        /// <summary>An input: <c>[0, NAME, null, DETAILS]</c>, DETAILS an object (or an array for the multi inputs).</summary>
        private bool ReadInput(ref Utf8JsonReader reader, ReadOnlySpan<byte> message, ClientFrame frame)
        {
            _kind = Kind.Input;
            const string Shape = "an input is [0, name, null, details] on the account channel 0";
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.ValueSpan.SequenceEqual("0"u8))
            {
                return frame.Reject(Shape);
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.ValueSpan.IsEmpty
                || reader.ValueSpan.Length > MaxName)
            {
                return frame.Reject(Shape);
            }

            var name = new Range((int)reader.TokenStartIndex + 1, (int)reader.BytesConsumed - 1);
            frame.Method = name;
            if (!reader.Read() || reader.TokenType != JsonTokenType.Null || !reader.Read())
            {
                return frame.Reject(Shape);
            }

            var start = (int)reader.TokenStartIndex;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                if (!JsonMember.TryReadObject(ref reader, message, ref _members, out _memberCount, MaxMembers, out var error))
                {
                    return frame.Reject(error!);
                }

                if (!FrameText.TryTakeId(frame, _members.AsSpan(0, _memberCount), message, "cid"u8))
                {
                    return frame.Reject(CidIsScalar);
                }
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                reader.Skip();
            }
            else
            {
                return frame.Reject(Shape);
            }

            frame.OrderJson = new Range(start, (int)reader.BytesConsumed);
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                return frame.Reject(Shape);
            }

            frame.Endpoint = BitfinexWebSocketMessages.Inputs.Find(FrameMethod, FrameText.MethodPath(message[name], stackalloc byte[MaxName + 1]));
            frame.Action = FrameAction.Forward;
            return true;
        }

        /// <summary>[ID, GID, CID, SYMBOL] from the input's details, as the bot wrote them; null for what is absent.</summary>
        private void WriteEcho(ByteBuilder output, ReadOnlySpan<byte> message, ClientFrame frame)
        {
            if (frame.OrderJson.Equals(default(Range)) || message[frame.OrderJson][0] != (byte)'{')
            {
                output.Append("null"u8);
                return;
            }

            var members = _members.AsSpan(0, _memberCount);
            output.Append((byte)'[');
            Echo(output, message, members, "id"u8);
            output.Append((byte)',');
            Echo(output, message, members, "gid"u8);
            output.Append((byte)',');
            Echo(output, message, members, "cid"u8);
            output.Append((byte)',');
            Echo(output, message, members, "symbol"u8);
            output.Append((byte)']');
        }

        private static void Echo(ByteBuilder output, ReadOnlySpan<byte> message, ReadOnlySpan<JsonMember> members, ReadOnlySpan<byte> name)
        {
            var index = JsonMember.IndexOf(members, message, name);
            output.Append(index >= 0 && members[index].Kind is not (JsonTokenType.StartObject or JsonTokenType.StartArray)
                ? message[members[index].Value]
                : "null"u8);
        }

        private static void WriteNonce(ByteBuilder body, long nonce, bool quoted, ref bool first)
        {
            FrameText.AppendName(body, "authNonce"u8, ref first);
            if (quoted)
            {
                body.Append((byte)'"');
            }

            FrameText.AppendInteger(body, nonce);
            if (quoted)
            {
                body.Append((byte)'"');
            }
        }
    }
}
