using Sidecar.Signing.Coinbase;
using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.CoinbaseExchange;

/// <summary>
/// Coinbase Exchange's WebSocket feed (<c>wss://ws-feed.exchange.coinbase.com</c>, authenticated-only
/// <c>wss://ws-direct.exchange.coinbase.com</c>; "Exchange WebSocket Overview"):
/// <c>{"type":"subscribe"|"unsubscribe","product_ids":[…],"channels":[name | {"name","product_ids"}…]}</c>. The
/// <c>full</c>, <c>user</c>, <c>level2</c>, <c>level3</c> and <c>balance</c> channels need the subscribe message
/// itself to carry <c>key</c>, <c>passphrase</c>, <c>timestamp</c> and <c>signature</c> "just as if signing
/// <c>GET /users/self/verify</c>" ("Exchange WebSocket Authentication"): base64(HMAC-SHA256(base64decode(secret),
/// <c>timestamp + "GET" + "/users/self/verify"</c>)), made here in the HSM for every such frame. Feed messages are
/// relayed as they come.
/// </summary>
/// <remarks>
/// The passphrase travels in clear inside the frame Coinbase receives, so it is written only into the forwarded
/// bytes: never into the signed prehash (whose digest the audit records), an error frame or a log line.
/// </remarks>
internal sealed class CoinbaseExchangeWebSocket : WebSocketAdapter
{
    /// <summary>The request the feed's signature stands for.</summary>
    private static ReadOnlySpan<byte> VerifyPath => "/users/self/verify"u8;

    public override EndpointTable Methods => CoinbaseFeedSession.Methods;

    /// <summary>ccxt 4.5.84's watchOrders subscribe (websocket-venues.md §2.7), its timestamp inside the window: kept as sent.</summary>
    public override SampleFrame SampleSignedFrame { get; } = new("/",
        """{"type":"subscribe","product_ids":["BTC-USD"],"channels":["user"],"timestamp":1796662096,"key":"placeholder-key","signature":"pWGwyFLQ=","passphrase":"placeholder-passphrase"}""",
        1_796_662_096_500)
    {
        ApiKey = "6f1c8a7e2b3d4c5f8a9b0c1d2e3f4a5b",
    };

    public override WebSocketSession Open(WebSocketSessionContext context) => new Session(context.Credentials);

    /// <summary>
    /// One connection. The bot's <c>key</c>, <c>passphrase</c> and <c>signature</c> never reach Coinbase. Its
    /// <c>timestamp</c> is kept (forwarded and signed as written) when it is well-formed Unix seconds within 30 s of
    /// the venue's clock — Coinbase's REST window, assumed for the feed — and replaced by the venue's now otherwise or
    /// with <c>Clock:Restamp</c>.
    /// </summary>
    private sealed class Session : CoinbaseFeedSession
    {
        /// <summary>"Your timestamp must be within 30 seconds of the API service time" (REST authentication).</summary>
        private const long WindowSeconds = 30;

        private readonly VenueCredentials _credentials;

        // JSON-escaped once per connection, so rebuilding a frame allocates nothing.
        private readonly byte[] _key;
        private readonly byte[]? _passphrase;

        public Session(VenueCredentials credentials)
            : base("key", "passphrase", "timestamp", "signature")
        {
            _credentials = credentials;
            _key = JsonEncodedText.Encode(credentials.ApiKey).EncodedUtf8Bytes.ToArray();
            _passphrase = credentials.PassphraseHeader is { } passphrase ? JsonEncodedText.Encode(passphrase).EncodedUtf8Bytes.ToArray() : null;
        }

        protected override bool ErrorHasReason => true;

        public override SignOutcome Rewrite(ReadOnlySpan<byte> message, ClientFrame frame, in FrameClock clock, SignedRequest output)
        {
            output.Reset();
            output.Access = frame.Endpoint.Access;
            if (_passphrase is null)
            {
                return output.Reject("The Coinbase Exchange venue has no passphrase (Venues:*:Passphrase).");
            }

            var body = output.Body;
            WriteMembersExceptCredentials(message, body);

            Span<byte> timestamp = stackalloc byte[CoinbaseExchangeScheme.MaxTimestampLength];
            var timestampLength = Timestamp(message, clock, timestamp, out var quoted);
            timestamp = timestamp[..timestampLength];
            CoinbaseExchangeScheme.WritePrehash(output.Prehash, timestamp, "GET", VerifyPath, [], []);
            Span<byte> signature = stackalloc byte[CoinbaseExchangeScheme.MaxEncodedSignatureBytes];
            var signatureLength = CoinbaseExchangeScheme.SignBase64(output, _credentials.Key, signature);

            body.Append(quoted ? "\"timestamp\":\""u8 : "\"timestamp\":"u8);
            body.Append(timestamp);
            body.Append(quoted ? "\",\"key\":\""u8 : ",\"key\":\""u8);
            body.Append(_key);
            body.Append("\",\"passphrase\":\""u8);
            body.Append(_passphrase);
            body.Append("\",\"signature\":\""u8);
            body.Append(signature[..signatureLength]);
            body.Append("\"}"u8);
            return SignOutcome.Signed;
        }

        /// <summary>
        /// "Authentication Required" in "Exchange WebSocket Channels": <c>full</c>, <c>user</c>, <c>level2</c>,
        /// <c>level3</c>, <c>balance</c>. Channels are names or <c>{"name":…,"product_ids":[…]}</c> objects.
        /// </summary>
        protected override bool NeedsAuthentication(ReadOnlySpan<byte> message, out string? error)
        {
            error = null;
            var index = IndexOf(message, "channels"u8);
            if (index < 0)
            {
                return false;
            }

            var needs = false;
            var reader = new Utf8JsonReader(message[Members[index].Value]);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                error = "'channels' must be an array of channel names or {\"name\":…} objects";
                return false;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    needs |= IsPrivateChannel(ref reader);
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject || !TryReadChannelObject(ref reader, ref needs))
                {
                    error = "'channels' must be an array of channel names or {\"name\":…} objects";
                    return false;
                }
            }

            return needs;
        }

        private static bool TryReadChannelObject(ref Utf8JsonReader reader, ref bool needs)
        {
            var named = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isName = reader.ValueTextEquals("name"u8);
                reader.Read();
                if (isName)
                {
                    if (named || reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    named = true;
                    needs |= IsPrivateChannel(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            return named;
        }

        private static bool IsPrivateChannel(ref Utf8JsonReader reader) =>
            reader.ValueTextEquals("full"u8) || reader.ValueTextEquals("user"u8) || reader.ValueTextEquals("level2"u8)
            || reader.ValueTextEquals("level3"u8) || reader.ValueTextEquals("balance"u8);

        /// <summary>
        /// The timestamp to sign, as text in <paramref name="destination"/>: the bot's, kept as written (a JSON number
        /// stays a number), when inside the window; otherwise the venue's now in whole seconds, in the bot's JSON form
        /// (a string when it sent none, as the docs' example does).
        /// </summary>
        private int Timestamp(ReadOnlySpan<byte> message, in FrameClock clock, Span<byte> destination, out bool quoted)
        {
            var now = clock.UnixTimeMilliseconds / 1000;
            var index = IndexOf(message, "timestamp"u8);
            quoted = index < 0 || Members[index].Kind != JsonTokenType.Number;
            if (index >= 0 && !clock.Restamp && TryReadBotTimestamp(message, Members[index], out var text)
                && Utf8Parser.TryParse(text[..10], out long seconds, out _) && Math.Abs(now - seconds) <= WindowSeconds)
            {
                text.CopyTo(destination);
                return text.Length;
            }

            return Timestamps.WriteInteger(now, destination);
        }

        /// <summary>The bot's timestamp as written, if it is Unix seconds in the form REST accepts (<see cref="CoinbaseExchangeScheme.IsBotTimestamp(ReadOnlySpan{char})"/>).</summary>
        private static bool TryReadBotTimestamp(ReadOnlySpan<byte> message, JsonMember member, out ReadOnlySpan<byte> text)
        {
            text = message[member.Value];
            if (member.Kind == JsonTokenType.String)
            {
                text = text[1..^1];
            }
            else if (member.Kind != JsonTokenType.Number)
            {
                return false;
            }

            if (member.Escaped || text.Length > CoinbaseExchangeScheme.MaxTimestampLength)
            {
                return false;
            }

            Span<char> chars = stackalloc char[CoinbaseExchangeScheme.MaxTimestampLength];
            for (var i = 0; i < text.Length; i++)
            {
                chars[i] = (char)text[i];
            }

            return CoinbaseExchangeScheme.IsBotTimestamp(chars[..text.Length]);
        }
    }
}
