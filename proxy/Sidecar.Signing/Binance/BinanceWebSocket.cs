using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Binance;

/// <summary>
/// Binance's WebSocket APIs (spot <c>ws-api/v3</c>, USD-M <c>ws-fapi/v1</c>): every request is
/// <c>{"id","method","params"}</c>, and a SIGNED request carries <c>apiKey</c>, <c>timestamp</c> and a
/// <c>signature</c> over all its other params sorted by name, <c>name=value</c> joined by <c>&amp;</c>, each value the
/// JSON token's own text (strings unescaped, numbers and booleans as written, nothing percent-encoded;
/// web-socket-api.md "SIGNED request security"). HMAC keys sign hex HMAC-SHA256, Ed25519 keys base64 Ed25519. The
/// user-data streams that follow (<c>{"subscriptionId","event"}</c>) and every other server frame are relayed as
/// they come.
/// </summary>
internal sealed class BinanceWebSocket : WebSocketAdapter
{
    public override EndpointTable Methods => BinanceWebSocketMethods.Table;

    /// <summary>ccxt 4.5.84's createOrderWs frame (websocket-venues.md §2.1), its timestamp 10 ms behind the sample's clock.</summary>
    public override SampleFrame SampleSignedFrame { get; } = new("/ws-api/v3",
        """{"id":"1","method":"order.place","params":{"apiKey":"placeholder-key","newClientOrderId":"x-TKT5PX2F1234","newOrderRespType":"FULL","price":"50000","quantity":"0.001","recvWindow":10000,"returnRateLimits":false,"side":"BUY","symbol":"BTCUSDT","timeInForce":"GTC","timestamp":1796662096500,"type":"LIMIT","signature":"05c4d1cd"}}""",
        1_796_662_096_510);

    public override WebSocketSession Open(WebSocketSessionContext context) => new Session(context);

    /// <summary>
    /// One connection. Frames are rebuilt whole: the bot's <c>apiKey</c> (a placeholder) and <c>signature</c> never
    /// reach Binance; its <c>timestamp</c> is kept when inside the request's window by the venue's clock.
    /// </summary>
    private sealed class Session(WebSocketSessionContext context) : WebSocketSession
    {
        /// <summary>Binance's largest request has about 30 params (an OCO order list); twice that is refused.</summary>
        private const int MaxParams = 64;

        /// <summary>Binance's default and largest <c>recvWindow</c>, in milliseconds (web-socket-api.md "Timing security").</summary>
        private const long DefaultWindow = 5_000;
        private const long MaxWindow = 60_000;

        /// <summary>A timestamp at most this far ahead of the exchange's clock is accepted (the same rule).</summary>
        private const long AllowedAhead = 1_000;

        /// <summary>Rows for frames that carry no credentials on a connection that is not logged on: they act on no account.</summary>
        private static readonly ExchangeEndpoint Unauthenticated = ExchangeEndpoint.Public("WS /**");

        private readonly SigningScheme _scheme = context.Scheme;
        private readonly VenueCredentials _credentials = context.Credentials;
        private JsonMember[] _params = new JsonMember[16];
        private int _paramCount;
        private Range _paramsObject;

        /// <summary>
        /// After a <c>session.logon</c> signed by Sidecar, the connection acts with the venue's key even on frames
        /// without credentials, so every frame then goes through the method table and the policy.
        /// </summary>
        private bool _loggedOn;

        public override bool TryRead(ReadOnlySpan<byte> message, ClientFrame frame)
        {
            frame.Reset();
            _paramCount = 0;
            _paramsObject = default;
            var hasParams = false;
            Range method = default;
            try
            {
                var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 16 });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return frame.Reject("a Binance WebSocket request is a JSON object");
                }

                var seenId = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.ValueSpan;
                    if (reader.ValueIsEscaped)
                    {
                        return frame.Reject("member names with escapes are not accepted");
                    }

                    if (name.SequenceEqual("id"u8))
                    {
                        if (seenId)
                        {
                            return frame.Reject("'id' is given twice");
                        }

                        seenId = true;
                        reader.Read();
                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            return frame.Reject("'id' must be a string, a number or null");
                        }

                        frame.Id = new Range((int)reader.TokenStartIndex, (int)reader.BytesConsumed);
                    }
                    else if (name.SequenceEqual("method"u8))
                    {
                        if (!method.Equals(default(Range)))
                        {
                            return frame.Reject("'method' is given twice");
                        }

                        reader.Read();
                        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.ValueSpan.IsEmpty)
                        {
                            return frame.Reject("'method' must be a plain string");
                        }

                        method = new Range((int)reader.TokenStartIndex + 1, (int)reader.BytesConsumed - 1);
                    }
                    else if (name.SequenceEqual("params"u8))
                    {
                        if (hasParams)
                        {
                            return frame.Reject("'params' is given twice");
                        }

                        hasParams = true;
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            return frame.Reject("'params' must be an object");
                        }

                        var start = (int)reader.TokenStartIndex;
                        if (!JsonMember.TryReadObject(ref reader, message, ref _params, out _paramCount, MaxParams, out var error))
                        {
                            return frame.Reject("params: " + error);
                        }

                        _paramsObject = new Range(start, (int)reader.BytesConsumed);
                    }
                    else
                    {
                        // Binance's envelope has these three members only; anything else is not forwarded blindly.
                        return frame.Reject("a Binance WebSocket request has only 'id', 'method' and 'params'");
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
            var members = _params.AsSpan(0, _paramCount);
            var hasKey = JsonMember.IndexOf(members, message, "apiKey"u8) >= 0;
            var hasSignature = JsonMember.IndexOf(members, message, "signature"u8) >= 0;
            if (hasSignature && !hasKey)
            {
                return frame.Reject("a 'signature' without an 'apiKey': Sidecar signs, so send requests without one");
            }

            if (method.GetOffsetAndLength(message.Length).Length > ClientFrame.MaxMethodBytes)
            {
                return frame.RejectLongMethod();
            }

            Span<byte> path = stackalloc byte[method.GetOffsetAndLength(message.Length).Length + 1];
            path[0] = (byte)'/';
            message[method].CopyTo(path[1..]);
            var row = BinanceWebSocketMethods.Table.Find(WebSocketAdapter.FrameMethod, path);
            var authenticated = hasKey || _loggedOn;
            if (!authenticated && (row.Access == EndpointAccess.Public || row.Category == EndpointCategory.Unknown))
            {
                // No credentials, no logged-on session, and not a method known to need them: it acts on no account
                // (an unknown private method fails at Binance for want of a key).
                frame.Endpoint = row.Category == EndpointCategory.Unknown ? Unauthenticated : row;
                frame.Action = FrameAction.Forward;
                return true;
            }

            if (row.Access == EndpointAccess.Public && hasSignature)
            {
                return frame.Reject("a 'signature' was sent to a Binance method that is not SIGNED; Sidecar signs, so send requests without one");
            }

            frame.Endpoint = row;
            frame.OrderJson = _paramsObject;

            // A public method with a (placeholder) key still gets the real one; a logged-on session's bare frames
            // go as they are, judged by their method.
            frame.Action = row.Access == EndpointAccess.Signed || hasKey ? FrameAction.Rebuild : FrameAction.Forward;
            if (row.Pattern.Text == "WS /session.logout")
            {
                _loggedOn = false;
            }

            return true;
        }

        public override SignOutcome Rewrite(ReadOnlySpan<byte> message, ClientFrame frame, in FrameClock clock, SignedRequest output)
        {
            output.Reset();
            var members = _params.AsSpan(0, _paramCount);
            var signs = frame.Endpoint.Access == EndpointAccess.Signed;
            output.Access = frame.Endpoint.Access;

            // The params in name order, without the bot's signature: Binance signs them in that order, and they are
            // forwarded in it too (a JSON object's order means nothing to Binance).
            Span<int> order = stackalloc int[members.Length];
            var count = 0;
            for (var i = 0; i < members.Length; i++)
            {
                if (!message[members[i].Name].SequenceEqual("signature"u8))
                {
                    order[count++] = i;
                }
            }

            order = order[..count];
            Sort(order, members, message);
            var timestamp = signs ? Timestamp(message, members, clock) : -1;

            var body = output.Body;
            body.Append("{\"id\":"u8);
            body.Append(frame.Id.Equals(default(Range)) ? "null"u8 : message[frame.Id]);
            body.Append(",\"method\":\""u8);
            body.Append(message[frame.Method]);
            body.Append("\",\"params\":{"u8);
            var prehash = output.Prehash;
            var first = true;
            var keyWritten = false;
            var timestampWritten = false;
            foreach (var index in order)
            {
                var member = members[index];
                var name = message[member.Name];
                var comparison = name.SequenceCompareTo("apiKey"u8);
                if (!keyWritten && comparison >= 0)
                {
                    WriteKey(body, prehash, ref first);
                    keyWritten = true;
                    if (comparison == 0)
                    {
                        continue;
                    }
                }

                if (signs && !timestampWritten && name.SequenceCompareTo("timestamp"u8) >= 0)
                {
                    WriteTimestamp(body, prehash, ref first, timestamp);
                    timestampWritten = true;
                    if (name.SequenceEqual("timestamp"u8))
                    {
                        continue;
                    }
                }

                Separate(body, prehash, ref first);
                body.Append((byte)'"');
                body.Append(name);
                body.Append("\":"u8);
                body.Append(message[member.Value]);
                prehash.Append(name);
                prehash.Append((byte)'=');
                member.AppendSignedText(message, prehash);
            }

            if (!keyWritten)
            {
                WriteKey(body, prehash, ref first);
            }

            if (signs && !timestampWritten)
            {
                WriteTimestamp(body, prehash, ref first, timestamp);
            }

            if (signs)
            {
                Span<byte> signature = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
                var length = output.SignPrehash(_credentials.Key, signature);
                Span<byte> encoded = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes * 2];
                var encodedLength = _scheme.Algorithm == SignatureAlgorithm.Ed25519
                    ? Base64(signature[..length], encoded)
                    : Hex.EncodeLower(signature[..length], encoded);
                body.Append(",\"signature\":\""u8);
                body.Append(encoded[..encodedLength]);
                body.Append((byte)'"');
            }

            body.Append("}}"u8);
            if (frame.Endpoint.Pattern.Text == "WS /session.logon")
            {
                _loggedOn = true;
            }

            return signs ? SignOutcome.Signed : SignOutcome.PassThrough;
        }

        public override void WriteError(ReadOnlySpan<byte> message, ClientFrame frame, FrameError error, string text, ByteBuilder output)
        {
            // Binance's error envelope (web-socket-api.md "Error messages"), with the bot's id.
            output.Append("{\"id\":"u8);
            output.Append(frame.Id.Equals(default(Range)) ? "null"u8 : message[frame.Id]);
            output.Append(",\"status\":"u8);
            AppendNumber(output, error.Status);
            output.Append(",\"error\":{\"code\":"u8);
            AppendNumber(output, error.Code);
            output.Append(",\"msg\":\""u8);
            output.Append(JsonEncodedText.Encode(error.Message(text)).EncodedUtf8Bytes);
            output.Append("\"}}"u8);
        }

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
                    if (reader.ValueTextEquals("id"u8) && reader.Read() && reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                    {
                        id = message[(int)reader.TokenStartIndex..(int)reader.BytesConsumed];
                    }
                    else if (reader.ValueTextEquals("status"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number)
                    {
                        reader.TryGetInt32(out status);
                    }
                    else
                    {
                        reader.Read();
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

        /// <summary>The bot's timestamp when inside its window by the venue's clock, otherwise (or with Restamp) the venue's now.</summary>
        private static long Timestamp(ReadOnlySpan<byte> message, ReadOnlySpan<JsonMember> members, in FrameClock clock)
        {
            var now = clock.UnixTimeMilliseconds;
            var index = JsonMember.IndexOf(members, message, "timestamp"u8);
            if (clock.Restamp || index < 0 || !TryReadMilliseconds(message, members[index], out var sent))
            {
                return now;
            }

            var window = DefaultWindow;
            var windowIndex = JsonMember.IndexOf(members, message, "recvWindow"u8);
            if (windowIndex >= 0 && TryReadNumber(message, members[windowIndex], out var requested) && requested is > 0 and <= MaxWindow)
            {
                window = (long)requested;
            }

            return sent < now + AllowedAhead && now - sent <= window ? sent : now;
        }

        /// <summary>A timestamp in milliseconds (13 digits) or microseconds (16 digits, Binance accepts both), as milliseconds.</summary>
        private static bool TryReadMilliseconds(ReadOnlySpan<byte> message, JsonMember member, out long milliseconds)
        {
            milliseconds = 0;
            var text = message[member.Value];
            if (member.Kind == JsonTokenType.String)
            {
                text = text[1..^1];
            }

            if (member.Escaped || !Utf8Parser.TryParse(text, out long value, out var consumed) || consumed != text.Length || value <= 0)
            {
                return false;
            }

            milliseconds = text.Length switch
            {
                13 => value,
                16 => value / 1000,
                _ => 0,
            };
            return milliseconds > 0;
        }

        private static bool TryReadNumber(ReadOnlySpan<byte> message, JsonMember member, out decimal value)
        {
            var text = message[member.Value];
            if (member.Kind == JsonTokenType.String)
            {
                text = text[1..^1];
            }

            return Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
        }

        private void WriteKey(ByteBuilder body, ByteBuilder prehash, ref bool first)
        {
            Separate(body, prehash, ref first);
            body.Append("\"apiKey\":\""u8);
            var key = _credentials.ApiKey;
            var span = body.GetSpan(key.Length * 3);
            var written = System.Text.Encoding.UTF8.GetBytes(key, span);
            body.Advance(written);
            body.Append((byte)'"');
            prehash.Append("apiKey="u8);
            prehash.Append(span[..written]);
        }

        private static void WriteTimestamp(ByteBuilder body, ByteBuilder prehash, ref bool first, long timestamp)
        {
            Separate(body, prehash, ref first);
            body.Append("\"timestamp\":"u8);
            AppendNumber(body, timestamp);
            prehash.Append("timestamp="u8);
            AppendNumber(prehash, timestamp);
        }

        private static void Separate(ByteBuilder body, ByteBuilder prehash, ref bool first)
        {
            if (!first)
            {
                body.Append((byte)',');
                prehash.Append((byte)'&');
            }

            first = false;
        }

        private static void AppendNumber(ByteBuilder destination, long value)
        {
            var span = destination.GetSpan(20);
            Utf8Formatter.TryFormat(value, span, out var written);
            destination.Advance(written);
        }

        private static int Base64(ReadOnlySpan<byte> signature, Span<byte> destination)
        {
            System.Buffers.Text.Base64.EncodeToUtf8(signature, destination, out _, out var written);
            return written;
        }

        /// <summary>Insertion sort of member indices by name bytes: a request has a few dozen params at most.</summary>
        private static void Sort(Span<int> order, ReadOnlySpan<JsonMember> members, ReadOnlySpan<byte> message)
        {
            for (var i = 1; i < order.Length; i++)
            {
                var current = order[i];
                var name = message[members[current].Name];
                var j = i - 1;
                while (j >= 0 && message[members[order[j]].Name].SequenceCompareTo(name) > 0)
                {
                    order[j + 1] = order[j];
                    j--;
                }

                order[j + 1] = current;
            }
        }
    }
}
