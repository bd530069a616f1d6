namespace Sidecar.Signing.Okx;

/// <summary>
/// OKX's v5 WebSocket API (okx.com/docs-v5, "WebSocket → Login"): a connection to <c>/ws/v5/private</c> or
/// <c>/ws/v5/business</c> logs in once with
/// <c>{"op":"login","args":[{"apiKey","passphrase","timestamp","sign"}]}</c>, the timestamp in Unix seconds (the
/// request expires 30 s after it) and <c>sign = base64(HMAC-SHA256(secret, timestamp + "GET" + "/users/self/verify"))</c>.
/// Sidecar rebuilds that frame whole: the venue's key, the passphrase read from the HSM at start-up, the venue's clock,
/// the HSM's signature. Order ops after it carry no signature and pass the policy and order guards. Public market data
/// (<c>/ws/v5/public</c>) takes no login and passes through.
/// </summary>
/// <remarks>
/// The passphrase travels in the login frame in clear. It never appears in Sidecar's logs, audit records or error
/// frames (they never quote a frame), and OKX's own error events, which quote an illegal request back
/// (<c>"msg":"Illegal request: {…}"</c>, as ccxt's okx.js records for a login frame), reach the bot with it
/// replaced by <c>***</c>.
/// </remarks>
internal sealed class OkxWebSocket : WebSocketAdapter
{
    /// <summary>The paths where OKX takes a login (private channels and order ops; business channels and spread ops).</summary>
    internal const string PrivatePath = "/ws/v5/private";
    internal const string BusinessPath = "/ws/v5/business";

    public override EndpointTable Methods => OkxWebSocketMethods.Table;

    public override WebSocketSession Open(WebSocketSessionContext context) => new Session(context);

    private sealed class Session(WebSocketSessionContext context)
        : OpFrameSession(context, OkxWebSocketMethods.Table, PrivatePath, BusinessPath)
    {
        private static ReadOnlySpan<byte> Redacted => "***"u8;

        /// <summary>The passphrase as the login frame carries it (JSON-escaped), or null when the venue has none.</summary>
        private readonly byte[]? _passphraseJson = context.Credentials.PassphraseHeader is { Length: > 0 } passphrase ? JsonText(passphrase) : null;

        /// <summary>The passphrase as it reads when a request is quoted inside a JSON string (escaped twice).</summary>
        private readonly byte[]? _passphraseQuoted = context.Credentials.PassphraseHeader is { Length: > 0 } passphrase
            ? JsonText(System.Text.Encoding.UTF8.GetString(JsonText(passphrase)))
            : null;

        private bool _expTime;

        protected override ReadOnlySpan<byte> LoginOp => "login"u8;

        /// <summary>Error events are read whole, to keep the passphrase out of OKX's echo of a request.</summary>
        public override bool InspectsServerMessages => TakesLogin && _passphraseJson is not null;

        protected override bool IsIdName(ReadOnlySpan<byte> name) => name.SequenceEqual("id"u8);

        protected override void ResetFrame() => _expTime = false;

        protected override bool TryReadPlainText(ReadOnlySpan<byte> message, ClientFrame frame)
        {
            // OKX's keep-alive is the text "ping" (answered "pong"), not JSON.
            if (!message.SequenceEqual("ping"u8))
            {
                return false;
            }

            frame.Method = new Range(0, message.Length);
            frame.Endpoint = OkxWebSocketMethods.Ping;
            frame.Action = FrameAction.Forward;
            return true;
        }

        protected override bool TryReadMember(ReadOnlySpan<byte> name, ref Utf8JsonReader reader, ReadOnlySpan<byte> message, out string? error)
        {
            error = null;
            if (!name.SequenceEqual("expTime"u8))
            {
                error = "an OKX v5 request has only 'id', 'op', 'args' and 'expTime'";
                return false;
            }

            reader.Read();
            if (_expTime || reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
            {
                error = _expTime ? "'expTime' is given twice" : "'expTime' is a Unix time in milliseconds";
                return false;
            }

            _expTime = true;
            return true;
        }

        protected override bool TryReadLogin(ReadOnlySpan<byte> message, out string? error)
        {
            // One {apiKey, passphrase, timestamp, sign}: OKX's batch login of several keys is not something Sidecar signs.
            error = "'args' of login is one {\"apiKey\",\"passphrase\",\"timestamp\",\"sign\"}";
            if (Args.Equals(default(Range)))
            {
                return false;
            }

            var reader = new Utf8JsonReader(message[Args]);
            reader.Read();
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var bit = reader.ValueTextEquals("apiKey"u8) ? 1
                    : reader.ValueTextEquals("passphrase"u8) ? 2
                    : reader.ValueTextEquals("timestamp"u8) ? 4
                    : reader.ValueTextEquals("sign"u8) ? 8
                    : 0;
                if (bit == 0 || (seen & bit) != 0)
                {
                    return false;
                }

                seen |= bit;
                reader.Read();
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
                {
                    return false;
                }
            }

            return seen == 15 && reader.Read() && reader.TokenType == JsonTokenType.EndArray;
        }

        public override SignOutcome Rewrite(ReadOnlySpan<byte> message, ClientFrame frame, in FrameClock clock, SignedRequest output)
        {
            // Only the login frame is rebuilt; every other frame goes as it came.
            output.Reset();
            output.Access = frame.Endpoint.Access;
            if (_passphraseJson is null)
            {
                return output.Reject("The OKX venue has no passphrase (Venues:*:Passphrase).");
            }

            var seconds = clock.UnixTimeMilliseconds / 1000;
            var prehash = output.Prehash;
            AppendNumber(prehash, seconds);
            prehash.Append("GET/users/self/verify"u8);
            Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
            var macLength = output.SignPrehash(Credentials.Key, mac);
            Span<byte> sign = stackalloc byte[Base64.GetMaxEncodedToUtf8Length(SignatureAlgorithmFacts.MaxSignatureBytes)];
            Base64.EncodeToUtf8(mac[..macLength], sign, out _, out var signLength);

            var body = output.Body;
            body.Append((byte)'{');
            WriteId(message, frame, body);
            body.Append("\"op\":\"login\",\"args\":[{\"apiKey\":\""u8);
            body.Append(ApiKeyJson);
            body.Append("\",\"passphrase\":\""u8);
            body.Append(_passphraseJson);
            body.Append("\",\"timestamp\":\""u8);
            AppendNumber(body, seconds);
            body.Append("\",\"sign\":\""u8);
            body.Append(sign[..signLength]);
            body.Append("\"}]}"u8);
            LoggedIn = true;
            return SignOutcome.Signed;
        }

        public override void WriteError(ReadOnlySpan<byte> message, ClientFrame frame, FrameError error, string text, ByteBuilder output)
        {
            // A request with an id is answered as OKX answers an op ({id, op, code, msg, data}); one without, as OKX
            // reports a bad login or subscription ({event: "error", code, msg}). OKX's codes are "0"–"2", five digits
            // (50xxx, 51xxx, 60xxx …) and a few of four (4088; 4001–4008 are its close codes): 4000, 4030, 4290, 5030
            // and 5031 are none of them.
            output.Append((byte)'{');
            if (frame.Id.Equals(default(Range)))
            {
                output.Append("\"event\":\"error\","u8);
            }
            else
            {
                WriteId(message, frame, output);
                if (!frame.Method.Equals(default(Range)))
                {
                    output.Append("\"op\":\""u8);
                    output.Append(message[frame.Method]);
                    output.Append("\","u8);
                }
            }

            output.Append("\"code\":\""u8);
            AppendNumber(output, error.Code);
            output.Append("\",\"msg\":"u8);
            AppendJsonString(output, error.Message(text));
            output.Append(frame.Id.Equals(default(Range)) ? "}"u8 : ",\"data\":[]}"u8);
        }

        public override ServerFrameAction RewriteServerMessage(ReadOnlySpan<byte> message, ByteBuilder output)
        {
            // Pushes and answers pass untouched; only an error event can quote the login frame back.
            if (message.IndexOf("\"event\":\"error\""u8) < 0
                || (message.IndexOf(_passphraseJson) < 0 && message.IndexOf(_passphraseQuoted) < 0))
            {
                return ServerFrameAction.Relay;
            }

            var rest = message;
            while (true)
            {
                var once = rest.IndexOf(_passphraseJson);
                var quoted = rest.IndexOf(_passphraseQuoted);
                var at = once < 0 || (quoted >= 0 && quoted <= once) ? quoted : once;
                if (at < 0)
                {
                    output.Append(rest);
                    return ServerFrameAction.Rewritten;
                }

                output.Append(rest[..at]);
                output.Append(Redacted);
                rest = rest[(at + (at == quoted ? _passphraseQuoted! : _passphraseJson!).Length)..];
            }
        }

        protected override bool TryReadStatus(ref Utf8JsonReader reader, ref int status)
        {
            if (!reader.ValueTextEquals("code"u8))
            {
                return false;
            }

            reader.Read();
            status = reader.TokenType == JsonTokenType.String ? StatusOf(reader.ValueSpan) : 400;
            return true;
        }

        /// <summary>
        /// An HTTP-like status for the audit: "0" success, "2" some orders of a batch placed, system errors (50001
        /// service unavailable, 50004 timeout, 50013 busy, 63999 internal) unknown, anything else a refusal.
        /// </summary>
        private static int StatusOf(ReadOnlySpan<byte> code) =>
            code.SequenceEqual("0"u8) ? 200
            : code.SequenceEqual("2"u8) ? 207
            : code.SequenceEqual("50001"u8) || code.SequenceEqual("50004"u8) || code.SequenceEqual("50013"u8) || code.SequenceEqual("63999"u8) ? 503
            : 400;
    }
}
