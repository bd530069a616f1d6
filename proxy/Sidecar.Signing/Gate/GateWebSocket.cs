namespace Sidecar.Signing.Gate;

/// <summary>
/// Gate v4's WebSockets (spot <c>/ws/v4/</c>, futures <c>/v4/ws/{usdt|btc}</c>, delivery, options): every request is
/// <c>{"time","id","channel","event","payload","auth"}</c>, and two kinds carry credentials, both signed with
/// <c>hex(HMAC-SHA512(secret, …))</c> like the REST API:
/// <list type="bullet">
/// <item>private subscriptions (<c>event</c> subscribe or unsubscribe): <c>auth:{"method":"api_key","KEY","SIGN"}</c>,
/// SIGN over <c>channel=C&amp;event=E&amp;time=T</c> with T the request's <c>time</c> (spot WS doc, "Authentication");</item>
/// <item>the WebSocket API (<c>event:"api"</c>: <c>*.login</c>, <c>*.order_*</c>): <c>payload</c> carries
/// <c>api_key</c>, <c>timestamp</c> (seconds, a string) and <c>signature</c> over
/// <c>"api\n" + C + "\n" + req_param + "\n" + timestamp</c> (spot WS doc, "Login"), where req_param is the bytes of
/// <c>payload.req_param</c> exactly as the bot sent them (Gate's own Go sample signs its <c>json.RawMessage</c>; ccxt
/// signs <c>{}</c> for a login and leaks its <c>textIsRequired</c> flag into orders, so nothing is re-serialized) and
/// the empty string when there is none.</item>
/// </list>
/// Sidecar rebuilds both kinds with the venue's key and an HSM signature (the bot's KEY, SIGN, api_key and signature
/// never reach Gate); every API frame is signed, the login and each later one (ccxt signs them all, and Gate accepts a
/// signed frame on a logged-in connection), so a frame never goes out on the bot's word. Everything else is copied as
/// the bot wrote it, in its order. Time must be within 60 s of Gate's clock: the bot's is kept when within
/// <see cref="Session.KeptWithinSeconds"/> of the venue's clock, otherwise (or with Clock:Restamp) both <c>time</c> and
/// <c>payload.timestamp</c> are set from it. Server frames are relayed as they come.
/// </summary>
internal sealed class GateWebSocket : WebSocketAdapter
{
    public override EndpointTable Methods => GateWebSocketChannels.Table;

    public override WebSocketSession Open(WebSocketSessionContext context) => new Session(context.Credentials);

    internal sealed class Session(VenueCredentials credentials) : WebSocketSession
    {
        /// <summary>
        /// A bot's time is kept when at most this far from the venue's clock: Gate allows 60 s, and the frame still has
        /// to cross the network and the exchange's own clock error.
        /// </summary>
        public const long KeptWithinSeconds = 55;

        /// <summary>A request has six members (ccxt) and a payload six; four times that is refused.</summary>
        private const int MaxMembers = 24;

        /// <summary>Gate's channels are at most ~30 bytes (<c>futures.reduce_risk_limits</c>).</summary>
        private const int MaxChannel = 64;

        /// <summary>Frames that carry no credentials and name no private channel: market data, pings.</summary>
        private static readonly ExchangeEndpoint MarketData = ExchangeEndpoint.Public("WS /**");

        private readonly VenueCredentials _credentials = credentials;
        private readonly byte[] _key = FrameText.Encode(credentials.ApiKey);
        private JsonMember[] _members = new JsonMember[8];
        private JsonMember[] _payload = new JsonMember[8];
        private JsonMember[] _auth = new JsonMember[4];
        private int _memberCount;
        private int _payloadCount;
        private int _time;
        private int _payloadIndex;
        private int _authIndex;
        private Range _event;
        private bool _api;

        public override bool TryRead(ReadOnlySpan<byte> message, ClientFrame frame)
        {
            frame.Reset();
            _memberCount = _payloadCount = 0;
            _time = _payloadIndex = _authIndex = -1;
            _event = default;
            _api = false;
            try
            {
                var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 32 });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return frame.Reject("a Gate WebSocket request is a JSON object");
                }

                if (!JsonMember.TryReadObject(ref reader, message, ref _members, out _memberCount, MaxMembers, out var error))
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

            var members = _members.AsSpan(0, _memberCount);
            var channel = JsonMember.IndexOf(members, message, "channel"u8);
            if (channel < 0 || !FrameText.TryGetPlainString(members[channel], MaxChannel, out var channelText))
            {
                return frame.Reject($"a Gate request needs a 'channel': a plain string of at most {MaxChannel} bytes");
            }

            frame.Method = channelText;
            var eventIndex = JsonMember.IndexOf(members, message, "event"u8);
            if (eventIndex >= 0)
            {
                if (members[eventIndex].Kind != JsonTokenType.String || members[eventIndex].Escaped)
                {
                    return frame.Reject("'event' must be a plain string");
                }

                _event = new Range(members[eventIndex].Value.Start.Value + 1, members[eventIndex].Value.End.Value - 1);
            }

            if (!FrameText.TryTakeId(frame, members, message, "id"u8))
            {
                return frame.Reject("'id' must be a string, a number or null");
            }

            _time = JsonMember.IndexOf(members, message, "time"u8);
            _payloadIndex = JsonMember.IndexOf(members, message, "payload"u8);
            _authIndex = JsonMember.IndexOf(members, message, "auth"u8);
            _api = message[_event].SequenceEqual("api"u8);
            var path = FrameText.MethodPath(message[channelText], stackalloc byte[MaxChannel + 1]);
            return _api ? ReadApi(message, frame, path) : ReadSubscription(message, frame, path);
        }

        public override SignOutcome Rewrite(ReadOnlySpan<byte> message, ClientFrame frame, in FrameClock clock, SignedRequest output)
        {
            output.Reset();
            output.Access = frame.Endpoint.Access;
            var members = _members.AsSpan(0, _memberCount);
            var payload = _payload.AsSpan(0, _payloadCount);
            var channel = message[frame.Method];
            var timestamp = _api ? JsonMember.IndexOf(payload, message, "timestamp"u8) : _time;
            var sent = timestamp < 0 ? -1 : Seconds(message, _api ? payload[timestamp] : members[timestamp]);
            var now = clock.UnixTimeMilliseconds / 1000;
            var keep = !clock.Restamp && sent > 0 && Math.Abs(sent - now) <= KeptWithinSeconds;
            var time = keep ? sent : now;

            var prehash = output.Prehash;
            if (_api)
            {
                prehash.Append("api\n"u8);
                prehash.Append(channel);
                prehash.Append((byte)'\n');
                var param = JsonMember.IndexOf(payload, message, "req_param"u8);
                if (param >= 0)
                {
                    prehash.Append(message[payload[param].Value]);
                }

                prehash.Append((byte)'\n');
            }
            else
            {
                prehash.Append("channel="u8);
                prehash.Append(channel);
                prehash.Append("&event="u8);
                prehash.Append(message[_event]);
                prehash.Append("&time="u8);
            }

            FrameText.AppendInteger(prehash, time);
            Span<byte> signature = stackalloc byte[FrameText.MaxHexSignature];
            signature = signature[..FrameText.SignHex(output, _credentials.Key, signature)];

            var body = output.Body;
            body.Append((byte)'{');
            var first = true;
            for (var i = 0; i < members.Length; i++)
            {
                if (i == _time)
                {
                    FrameText.AppendName(body, "time"u8, ref first);
                    WriteTime(body, message, members[i], keep, time);
                }
                else if (_api && i == _payloadIndex)
                {
                    FrameText.AppendName(body, "payload"u8, ref first);
                    WritePayload(body, message, payload, time, signature);
                }
                else if (!_api && i == _authIndex)
                {
                    FrameText.AppendName(body, "auth"u8, ref first);
                    WriteAuth(body, signature);
                }
                else
                {
                    FrameText.Separate(body, ref first);
                    FrameText.AppendMember(body, message, members[i]);
                }
            }

            if (_time < 0)
            {
                FrameText.AppendName(body, "time"u8, ref first);
                FrameText.AppendInteger(body, time);
            }

            if (!_api && _authIndex < 0)
            {
                FrameText.AppendName(body, "auth"u8, ref first);
                WriteAuth(body, signature);
            }

            body.Append((byte)'}');
            return SignOutcome.Signed;
        }

        public override void WriteError(ReadOnlySpan<byte> message, ClientFrame frame, FrameError error, string text, ByteBuilder output)
        {
            // Gate's own envelopes, with a code no Gate error uses: WebSocket API errors are labels
            // (INVALID_KEY, TOO_MANY_REQUESTS …), so Sidecar's are SIDECAR_*; subscription errors are codes 1 to 4
            // (spot WS doc, "Error"), so Sidecar's are its four-digit FrameError codes.
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var channel = frame.Method.Equals(default(Range)) ? default : message[frame.Method];
            if (_api)
            {
                // {"request_id","header":{…,"status","channel","event"},"data":{"errs":{"label","message"}}}
                output.Append("{\"request_id\":"u8);
                output.Append(frame.Id.Equals(default(Range)) ? "null"u8 : message[frame.Id]);
                output.Append(",\"header\":{\"response_time\":\""u8);
                FrameText.AppendInteger(output, now);
                output.Append("\",\"status\":\""u8);
                FrameText.AppendInteger(output, error.Status);
                output.Append("\",\"channel\":\""u8);
                output.Append(channel);
                output.Append("\",\"event\":\"api\"},\"data\":{\"errs\":{\"label\":"u8);
                FrameText.AppendString(output, "SIDECAR_" + error.Name.ToUpperInvariant());
                output.Append(",\"message\":"u8);
                FrameText.AppendString(output, error.Message(text));
                output.Append("}}}"u8);
                return;
            }

            // {"time","time_ms","id","channel","event","error":{"code","message"},"result":{"status":"fail"}}
            output.Append("{\"time\":"u8);
            FrameText.AppendInteger(output, now / 1000);
            output.Append(",\"time_ms\":"u8);
            FrameText.AppendInteger(output, now);
            if (!frame.Id.Equals(default(Range)))
            {
                output.Append(",\"id\":"u8);
                output.Append(message[frame.Id]);
            }

            output.Append(",\"channel\":\""u8);
            output.Append(channel);
            output.Append("\",\"event\":\""u8);
            output.Append(message[_event]);
            output.Append("\",\"error\":{\"code\":"u8);
            FrameText.AppendInteger(output, error.Code);
            output.Append(",\"message\":"u8);
            FrameText.AppendString(output, error.Message(text));
            output.Append("},\"result\":{\"status\":\"fail\"}}"u8);
        }

        /// <summary>
        /// WebSocket API answers: <c>request_id</c> and <c>header.status</c> (the ack Gate sends first for an order,
        /// <c>"ack":true</c>, is skipped: the answer that says what happened follows). Subscription answers: <c>id</c>,
        /// and 200 when <c>error</c> is null, else 400.
        /// </summary>
        public override bool TryReadReply(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> id, out int status)
        {
            id = default;
            status = 0;
            ReadOnlySpan<byte> requestId = default, subscriptionId = default;
            var failed = false;
            var subscription = false;
            try
            {
                var reader = new Utf8JsonReader(message);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isRequestId = reader.ValueTextEquals("request_id"u8);
                    var isId = reader.ValueTextEquals("id"u8);
                    var isAck = reader.ValueTextEquals("ack"u8);
                    var isHeader = reader.ValueTextEquals("header"u8);
                    var isEvent = reader.ValueTextEquals("event"u8);
                    var isError = reader.ValueTextEquals("error"u8);
                    reader.Read();
                    var scalar = reader.TokenType is JsonTokenType.String or JsonTokenType.Number;
                    if ((isRequestId || isId) && scalar)
                    {
                        var token = message[(int)reader.TokenStartIndex..(int)reader.BytesConsumed];
                        if (isRequestId)
                        {
                            requestId = token;
                        }
                        else
                        {
                            subscriptionId = token;
                        }
                    }
                    else if (isAck && reader.TokenType == JsonTokenType.True)
                    {
                        return false;
                    }
                    else if (isHeader && reader.TokenType == JsonTokenType.StartObject)
                    {
                        status = HeaderStatus(ref reader);
                        continue;
                    }
                    else if (isEvent && reader.TokenType == JsonTokenType.String)
                    {
                        subscription = reader.ValueTextEquals("subscribe"u8) || reader.ValueTextEquals("unsubscribe"u8);
                    }
                    else if (isError)
                    {
                        failed = reader.TokenType != JsonTokenType.Null;
                    }

                    reader.Skip();
                }
            }
            catch (JsonException)
            {
                // Not an answer Sidecar can read; it is relayed all the same.
                return false;
            }

            if (!requestId.IsEmpty && status != 0)
            {
                id = requestId;
                return true;
            }

            if (subscription && !subscriptionId.IsEmpty)
            {
                id = subscriptionId;
                status = failed ? 400 : 200;
                return true;
            }

            return false;
        }

        private bool ReadApi(ReadOnlySpan<byte> message, ClientFrame frame, ReadOnlySpan<byte> path)
        {
            var members = _members.AsSpan(0, _memberCount);
            if (_authIndex >= 0)
            {
                return frame.Reject("'auth' belongs to subscriptions: a WebSocket API request carries its credentials in 'payload'");
            }

            if (_payloadIndex < 0 || members[_payloadIndex].Kind != JsonTokenType.StartObject)
            {
                return frame.Reject("a WebSocket API request needs a 'payload' object");
            }

            if (!FrameText.TryReadNested(message, members[_payloadIndex], ref _payload, out _payloadCount, MaxMembers, out var error))
            {
                return frame.Reject("payload: " + error);
            }

            var payload = _payload.AsSpan(0, _payloadCount);
            // Gate answers with the req_id as request_id: that is the bot's id for the answer and the audit.
            if (!FrameText.TryTakeId(frame, payload, message, "req_id"u8))
            {
                return frame.Reject("'req_id' must be a string or a number");
            }

            var param = JsonMember.IndexOf(payload, message, "req_param"u8);
            if (param >= 0)
            {
                frame.OrderJson = payload[param].Value;
            }

            frame.Endpoint = GateWebSocketChannels.Api.Find(FrameMethod, path);
            frame.Action = FrameAction.Rebuild;
            return true;
        }

        private bool ReadSubscription(ReadOnlySpan<byte> message, ClientFrame frame, ReadOnlySpan<byte> path)
        {
            var members = _members.AsSpan(0, _memberCount);
            var eventText = message[_event];
            var subscribes = eventText.SequenceEqual("subscribe"u8) || eventText.SequenceEqual("unsubscribe"u8);
            var row = GateWebSocketChannels.Subscriptions.Find(FrameMethod, path);
            if (_authIndex >= 0)
            {
                if (!subscribes)
                {
                    return frame.Reject("'auth' is sent with subscribe and unsubscribe only");
                }

                if (members[_authIndex].Kind != JsonTokenType.StartObject)
                {
                    return frame.Reject("'auth' must be an object");
                }

                if (!FrameText.TryReadNested(message, members[_authIndex], ref _auth, out var count, MaxMembers, out var error))
                {
                    return frame.Reject("auth: " + error);
                }

                if (ReadAuth(message, _auth.AsSpan(0, count)) is { } problem)
                {
                    return frame.Reject(problem);
                }
            }
            else if (row.Category == EndpointCategory.Unknown)
            {
                // No credentials, and not a channel that needs them: market data, pings, unsubscribes of public channels.
                frame.Endpoint = MarketData;
                frame.Action = FrameAction.Forward;
                return true;
            }

            if (!subscribes)
            {
                return frame.Reject("a private channel takes the events subscribe and unsubscribe");
            }

            // A private channel gets Sidecar's auth whether or not the bot sent one; auth on an unlisted channel is
            // judged as unknown (refused unless an Allow rule names it).
            frame.Endpoint = row;
            frame.Action = FrameAction.Rebuild;
            return true;
        }

        /// <summary>The bot's auth object: only method (which must be api_key), KEY and SIGN, all replaced.</summary>
        private static string? ReadAuth(ReadOnlySpan<byte> message, ReadOnlySpan<JsonMember> auth)
        {
            foreach (var member in auth)
            {
                var name = message[member.Name];
                if (name.SequenceEqual("method"u8))
                {
                    if (!message[member.Value].SequenceEqual("\"api_key\""u8))
                    {
                        return "auth: Gate's only method is \"api_key\"";
                    }
                }
                else if (!name.SequenceEqual("KEY"u8) && !name.SequenceEqual("SIGN"u8))
                {
                    return "auth has only 'method', 'KEY' and 'SIGN'";
                }
            }

            return null;
        }

        private void WritePayload(ByteBuilder body, ReadOnlySpan<byte> message, ReadOnlySpan<JsonMember> payload, long time, ReadOnlySpan<byte> signature)
        {
            body.Append((byte)'{');
            var first = true;
            bool key = false, signed = false, stamped = false;
            foreach (var member in payload)
            {
                var name = message[member.Name];
                if (name.SequenceEqual("api_key"u8))
                {
                    FrameText.AppendQuotedMember(body, "api_key"u8, _key, ref first);
                    key = true;
                }
                else if (name.SequenceEqual("signature"u8))
                {
                    FrameText.AppendQuotedMember(body, "signature"u8, signature, ref first);
                    signed = true;
                }
                else if (name.SequenceEqual("timestamp"u8))
                {
                    WriteTimestamp(body, time, ref first);
                    stamped = true;
                }
                else
                {
                    FrameText.Separate(body, ref first);
                    FrameText.AppendMember(body, message, member);
                }
            }

            if (!key)
            {
                FrameText.AppendQuotedMember(body, "api_key"u8, _key, ref first);
            }

            if (!signed)
            {
                FrameText.AppendQuotedMember(body, "signature"u8, signature, ref first);
            }

            if (!stamped)
            {
                WriteTimestamp(body, time, ref first);
            }

            body.Append((byte)'}');
        }

        private static void WriteTimestamp(ByteBuilder body, long time, ref bool first)
        {
            // A string of seconds, as the docs and ccxt send it.
            FrameText.AppendName(body, "timestamp"u8, ref first);
            body.Append((byte)'"');
            FrameText.AppendInteger(body, time);
            body.Append((byte)'"');
        }

        private void WriteAuth(ByteBuilder body, ReadOnlySpan<byte> signature)
        {
            body.Append((byte)'{');
            var first = true;
            FrameText.AppendQuotedMember(body, "method"u8, "api_key"u8, ref first);
            FrameText.AppendQuotedMember(body, "KEY"u8, _key, ref first);
            FrameText.AppendQuotedMember(body, "SIGN"u8, signature, ref first);
            body.Append((byte)'}');
        }

        /// <summary>The bot's time as it wrote it when kept, Sidecar's otherwise.</summary>
        private static void WriteTime(ByteBuilder body, ReadOnlySpan<byte> message, in JsonMember member, bool keep, long time)
        {
            if (keep && member.Kind == JsonTokenType.Number)
            {
                body.Append(message[member.Value]);
            }
            else
            {
                FrameText.AppendInteger(body, time);
            }
        }

        /// <summary>Unix seconds, as a number or a string of 10 digits without a leading zero; -1 for anything else.</summary>
        private static long Seconds(ReadOnlySpan<byte> message, in JsonMember member)
        {
            var text = message[member.Value];
            if (member.Kind == JsonTokenType.String && !member.Escaped)
            {
                text = text[1..^1];
            }
            else if (member.Kind != JsonTokenType.Number)
            {
                return -1;
            }

            return text.Length == 10 && text[0] != (byte)'0' && Utf8Parser.TryParse(text, out long seconds, out var consumed) && consumed == 10
                ? seconds
                : -1;
        }

        /// <summary>header.status ("200", "401" …); the reader ends on the header's end.</summary>
        private static int HeaderStatus(ref Utf8JsonReader reader)
        {
            var status = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isStatus = reader.ValueTextEquals("status"u8);
                reader.Read();
                if (isStatus && reader.TokenType == JsonTokenType.String
                    && Utf8Parser.TryParse(reader.ValueSpan, out int parsed, out var consumed) && consumed == reader.ValueSpan.Length)
                {
                    status = parsed;
                }

                reader.Skip();
            }

            return status;
        }
    }
}
