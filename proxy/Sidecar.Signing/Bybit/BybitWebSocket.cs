using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Bybit;

/// <summary>
/// Bybit's v5 WebSocket API (bybit-exchange.github.io/docs/v5/ws/connect and /v5/websocket/trade/guideline): a
/// connection to <c>/v5/private</c> (account streams) or <c>/v5/trade</c> (order entry) authenticates once with
/// <c>{"op":"auth","args":[apiKey, expires, signature]}</c>, the signature being
/// <c>hex(HMAC-SHA256(secret, "GET/realtime" + expires))</c> and <c>expires</c> a Unix time in milliseconds still in
/// the future when Bybit reads it. Sidecar rebuilds that frame whole: the venue's key, <c>expires</c> from the venue's
/// clock (now + 10 s, as ccxt does), the HSM's signature. Trade frames
/// (<c>{"reqId","header":{"X-BAPI-TIMESTAMP","X-BAPI-RECV-WINDOW","Referer"},"op":"order.*","args":[…]}</c>) carry no
/// signature: they pass the policy and their order guards, and their <c>X-BAPI-TIMESTAMP</c> is replaced by the venue's
/// clock when it falls outside Bybit's rule <c>server_time - recv_window &lt;= timestamp &lt; server_time + 1000</c>
/// (or always, with Clock:Restamp). Public streams (<c>/v5/public/*</c>) take no auth and pass through.
/// </summary>
internal sealed class BybitWebSocket : WebSocketAdapter
{
    /// <summary>The paths where Bybit takes an auth frame (v5 private streams and order entry).</summary>
    internal const string PrivatePath = "/v5/private";
    internal const string TradePath = "/v5/trade";

    public override EndpointTable Methods => BybitWebSocketMethods.Table;

    /// <summary>ccxt 4.5.84's auth frame (websocket-venues.md), <c>expires</c> 10 s ahead of the sample's clock.</summary>
    public override SampleFrame SampleSignedFrame { get; } = new(PrivatePath,
        """{"op":"auth","args":["placeholder-key","1796662106500","408f1c0ffee7560"]}""", 1_796_662_096_500);

    public override WebSocketSession Open(WebSocketSessionContext context) => new Session(context);

    private sealed class Session(WebSocketSessionContext context)
        : OpFrameSession(context, BybitWebSocketMethods.Table, PrivatePath, TradePath)
    {
        /// <summary>How far ahead of the venue's clock <c>expires</c> is set: ccxt's 10 s, room for the hop to Bybit.</summary>
        private const long ExpiresAfter = 10_000;

        /// <summary>Bybit's default receive window, and how far ahead a timestamp may be (trade guideline).</summary>
        private const long DefaultRecvWindow = 5_000;
        private const long AllowedAhead = 1_000;

        private readonly bool _trade = context.UpstreamPath.TrimEnd('/') == TradePath;

        /// <summary>The header's <c>X-BAPI-TIMESTAMP</c> and <c>X-BAPI-RECV-WINDOW</c> value tokens; empty when absent.</summary>
        private Range _timestamp;
        private Range _recvWindow;
        private bool _header;

        /// <summary>Whether the bot wrote <c>expires</c> as a JSON string (ccxt) rather than a number (Bybit's example).</summary>
        private bool _expiresIsString;

        protected override ReadOnlySpan<byte> LoginOp => "auth"u8;

        protected override bool IsIdName(ReadOnlySpan<byte> name) => name.SequenceEqual("req_id"u8) || name.SequenceEqual("reqId"u8);

        protected override void ResetFrame()
        {
            _timestamp = default;
            _recvWindow = default;
            _header = false;
            _expiresIsString = false;
        }

        protected override bool TryReadMember(ReadOnlySpan<byte> name, ref Utf8JsonReader reader, ReadOnlySpan<byte> message, out string? error)
        {
            error = null;
            if (!name.SequenceEqual("header"u8))
            {
                error = "a Bybit v5 request has only 'req_id' or 'reqId', 'op', 'args' and 'header'";
                return false;
            }

            if (_header)
            {
                error = "'header' is given twice";
                return false;
            }

            _header = true;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error = "'header' must be an object";
                return false;
            }

            var referer = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTimestamp = reader.ValueTextEquals("X-BAPI-TIMESTAMP"u8);
                var isWindow = !isTimestamp && reader.ValueTextEquals("X-BAPI-RECV-WINDOW"u8);
                var isReferer = !isTimestamp && !isWindow && reader.ValueTextEquals("Referer"u8);
                if (!isTimestamp && !isWindow && !isReferer)
                {
                    error = "a Bybit trade header has only X-BAPI-TIMESTAMP, X-BAPI-RECV-WINDOW and Referer";
                    return false;
                }

                if ((isTimestamp && !_timestamp.Equals(default(Range))) || (isWindow && !_recvWindow.Equals(default(Range))) || (isReferer && referer))
                {
                    error = "a header field is given twice";
                    return false;
                }

                reader.Read();
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
                {
                    error = "header fields are strings";
                    return false;
                }

                var value = new Range((int)reader.TokenStartIndex, (int)reader.BytesConsumed);
                if (isTimestamp)
                {
                    _timestamp = value;
                }
                else if (isWindow)
                {
                    _recvWindow = value;
                }
                else
                {
                    referer = true;
                }
            }

            return true;
        }

        protected override bool TryReadLogin(ReadOnlySpan<byte> message, out string? error)
        {
            error = "'args' of auth is [apiKey, expires, signature]";
            if (Args.Equals(default(Range)))
            {
                return false;
            }

            // ["key", expires, "signature"]: the values are replaced; only expires' JSON kind is kept.
            var reader = new Utf8JsonReader(message[Args]);
            reader.Read();
            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var expected = count == 1 ? reader.TokenType is JsonTokenType.String or JsonTokenType.Number : reader.TokenType == JsonTokenType.String;
                if (!expected || ++count > 3)
                {
                    return false;
                }

                if (count == 2)
                {
                    _expiresIsString = reader.TokenType == JsonTokenType.String;
                }
            }

            return count == 3;
        }

        protected override FrameAction ActionFor(ExchangeEndpoint row) =>
            row.Category == EndpointCategory.Trade && !_timestamp.Equals(default(Range)) ? FrameAction.Rebuild : FrameAction.Forward;

        public override SignOutcome Rewrite(ReadOnlySpan<byte> message, ClientFrame frame, in FrameClock clock, SignedRequest output)
        {
            output.Reset();
            output.Access = frame.Endpoint.Access;
            if (message[Op].SequenceEqual(LoginOp))
            {
                return RewriteAuth(message, frame, clock, output);
            }

            // A trade frame: forwarded as sent, with the venue's time in X-BAPI-TIMESTAMP when the bot's is stale.
            var body = output.Body;
            var now = clock.UnixTimeMilliseconds;
            if (!clock.Restamp && IsFresh(message, now))
            {
                body.Append(message);
                return SignOutcome.PassThrough;
            }

            var (start, length) = _timestamp.GetOffsetAndLength(message.Length);
            body.Append(message[..start]);
            var quoted = message[start] == (byte)'"';
            if (quoted)
            {
                body.Append((byte)'"');
            }

            AppendNumber(body, now);
            if (quoted)
            {
                body.Append((byte)'"');
            }

            body.Append(message[(start + length)..]);
            return SignOutcome.PassThrough;
        }

        public override void WriteError(ReadOnlySpan<byte> message, ClientFrame frame, FrameError error, string text, ByteBuilder output)
        {
            // Order entry answers {reqId, retCode, retMsg, op, data, connId}; the private streams answer
            // {success, ret_msg, conn_id, req_id, op}, here with retCode too so the bot reads Sidecar's code. Bybit's own
            // codes are 0, a few of four digits (5004 server timeout, 7001 params type error, in ccxt's bybit.js) and
            // five or six digits (10001, 170131, …): 4000, 4030, 4290, 5030 and 5031 are none of them.
            output.Append((byte)'{');
            WriteId(message, frame, output);
            if (!_trade)
            {
                output.Append("\"success\":false,\"ret_msg\":"u8);
                AppendJsonString(output, error.Message(text));
                output.Append((byte)',');
            }

            output.Append("\"retCode\":"u8);
            AppendNumber(output, error.Code);
            if (_trade)
            {
                output.Append(",\"retMsg\":"u8);
                AppendJsonString(output, error.Message(text));
            }

            if (!frame.Method.Equals(default(Range)))
            {
                output.Append(",\"op\":\""u8);
                output.Append(message[frame.Method]);
                output.Append((byte)'"');
            }

            output.Append(_trade ? ",\"data\":{},\"connId\":\"\"}"u8 : ",\"conn_id\":\"\"}"u8);
        }

        protected override bool TryReadStatus(ref Utf8JsonReader reader, ref int status)
        {
            // Order entry answers with retCode; the private stream with success.
            if (reader.ValueTextEquals("retCode"u8))
            {
                reader.Read();
                status = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var code) ? StatusOf(code) : 400;
                return true;
            }

            if (reader.ValueTextEquals("success"u8))
            {
                reader.Read();
                status = status != 0 ? status : reader.TokenType == JsonTokenType.True ? 200 : 400;
                return true;
            }

            return false;
        }

        /// <summary>An HTTP-like status for the audit: 0 is success; 10000 (server timeout) and 10016 (server error) mean Bybit may or may not have acted.</summary>
        private static int StatusOf(long retCode) => retCode switch
        {
            0 => 200,
            10000 or 10016 => 503,
            _ => 400,
        };

        private SignOutcome RewriteAuth(ReadOnlySpan<byte> message, ClientFrame frame, in FrameClock clock, SignedRequest output)
        {
            var expires = clock.UnixTimeMilliseconds + ExpiresAfter;
            var prehash = output.Prehash;
            prehash.Append("GET/realtime"u8);
            AppendNumber(prehash, expires);
            Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
            var macLength = output.SignPrehash(Credentials.Key, mac);
            Span<byte> hex = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes * 2];
            var hexLength = Hex.EncodeLower(mac[..macLength], hex);

            var body = output.Body;
            body.Append((byte)'{');
            WriteId(message, frame, body);
            body.Append("\"op\":\"auth\",\"args\":[\""u8);
            body.Append(ApiKeyJson);
            body.Append(_expiresIsString ? "\",\""u8 : "\","u8);
            AppendNumber(body, expires);
            body.Append(_expiresIsString ? "\",\""u8 : ",\""u8);
            body.Append(hex[..hexLength]);
            body.Append("\"]}"u8);
            LoggedIn = true;
            return SignOutcome.Signed;
        }

        /// <summary>Whether the header's timestamp is inside Bybit's window by the venue's clock.</summary>
        private bool IsFresh(ReadOnlySpan<byte> message, long now)
        {
            if (!TryReadInteger(message, _timestamp, out var sent))
            {
                return false;
            }

            var window = TryReadInteger(message, _recvWindow, out var requested) && requested > 0 ? requested : DefaultRecvWindow;
            return now - window <= sent && sent < now + AllowedAhead;
        }

        /// <summary>A positive integer written as a JSON number or a string of ASCII digits.</summary>
        private static bool TryReadInteger(ReadOnlySpan<byte> message, Range token, out long value)
        {
            value = 0;
            if (token.Equals(default(Range)))
            {
                return false;
            }

            var text = message[token];
            if (text[0] == (byte)'"')
            {
                text = text[1..^1];
            }

            return !text.IsEmpty && text[0] is >= (byte)'0' and <= (byte)'9'
                && Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
        }
    }
}
