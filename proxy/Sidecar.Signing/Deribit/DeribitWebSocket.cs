using Sidecar.Signing.Tokens;

namespace Sidecar.Signing.Deribit;

/// <summary>
/// Deribit API v2 over WebSocket (<c>wss://www.deribit.com/ws/api/v2</c>): JSON-RPC 2.0 requests
/// <c>{"jsonrpc":"2.0","id","method","params"}</c>, the same methods as over HTTP. A connection logs in once with
/// <c>public/auth</c>, which Sidecar rebuilds and signs (<see cref="DeribitAuthFrame"/>); later frames carry no
/// credentials (the token's default scope is the connection) and are judged by their method
/// (<see cref="DeribitWebSocketMethods"/>). The tokens in Deribit's auth reply are swapped for placeholders before the
/// bot sees them (<see cref="DeribitTokenReplies"/>), and a placeholder the bot sends back as <c>access_token</c> is
/// swapped for the real token or refused.
/// </summary>
internal sealed class DeribitWebSocket : WebSocketAdapter
{
    public override EndpointTable Methods => DeribitWebSocketMethods.Table;

    public override WebSocketSession Open(WebSocketSessionContext context) => new Session(context.Credentials);

    private sealed class Session(VenueCredentials credentials) : WebSocketSession
    {
        /// <summary>Deribit's methods take at most a few dozen params (private/buy ~20); twice that is refused.</summary>
        private const int MaxParams = 64;

        /// <summary>The longest method name looked up (Deribit's longest is ~40 characters).</summary>
        private const int MaxMethodLength = 128;

        private static readonly byte[] PlaceholderPrefix = System.Text.Encoding.ASCII.GetBytes(TokenVault.Prefix);

        private readonly VenueCredentials _credentials = credentials;
        private readonly byte[] _clientIdJson = JsonEncodedText.Encode(credentials.ApiKey).EncodedUtf8Bytes.ToArray();
        private JsonMember[] _params = new JsonMember[16];
        private int _paramCount;
        private bool _hasParams;
        private int _accessToken;
        private DeribitAuthFrame.Fields _auth;

        public override bool InspectsServerMessages => true;

        public override bool TryRead(ReadOnlySpan<byte> message, ClientFrame frame)
        {
            frame.Reset();
            _paramCount = 0;
            _hasParams = false;
            _accessToken = -1;
            if (!ReadEnvelope(message, frame, out var method))
            {
                return false;
            }

            frame.Method = method;
            var name = message[method];
            if (!IsMethodName(name))
            {
                // Only names as Deribit spells them are looked up: "private/Withdraw" or "private//withdraw" must not
                // slip past the withdrawal row as an unlisted method that an Allow rule might open.
                return frame.Reject("'method' is not a Deribit method name (public/… or private/… in lower case)");
            }

            var members = _params.AsSpan(0, _paramCount);
            _accessToken = JsonMember.IndexOf(members, message, "access_token"u8);
            if (name.SequenceEqual("public/auth"u8))
            {
                frame.Endpoint = DeribitWebSocketMethods.Auth;
                if (!_hasParams)
                {
                    return frame.Reject("public/auth needs params");
                }

                if (!DeribitAuthFrame.TryRead(message, members, out _auth, out var error))
                {
                    return frame.Reject(error);
                }

                frame.Action = FrameAction.Rebuild;
            }
            else if (name.SequenceEqual("public/exchange_token"u8) || name.SequenceEqual("public/fork_token"u8))
            {
                // Both trade a refresh token for new tokens: Sidecar logs connections in itself, with the venue's key.
                return frame.Reject($"{System.Text.Encoding.ASCII.GetString(name)} is refused: Sidecar authenticates each connection itself (public/auth); the bot holds no refresh token");
            }
            else if (name.Length > ClientFrame.MaxMethodBytes)
            {
                return frame.RejectLongMethod();
            }
            else
            {
                Span<byte> path = stackalloc byte[name.Length + 1];
                path[0] = (byte)'/';
                name.CopyTo(path[1..]);
                var row = DeribitWebSocketMethods.Table.Find(FrameMethod, path);
                frame.Endpoint = row;

                // The order reader takes the whole JSON-RPC request and reads its params, as over REST.
                frame.OrderJson = row.Orders is null ? default : new Range(0, message.Length);
                if (_accessToken >= 0)
                {
                    var token = members[_accessToken];
                    if (token.Kind != JsonTokenType.String || token.Escaped || !message[token.Value][1..^1].StartsWith(PlaceholderPrefix))
                    {
                        return frame.Reject("'access_token' must be a placeholder Sidecar issued in a public/auth reply: the bot never holds a real token");
                    }

                    frame.Action = FrameAction.Rebuild;
                }
            }

            if (CarriesPlaceholderElsewhere(message))
            {
                return frame.Reject("a Sidecar placeholder is accepted only as params.access_token");
            }

            return true;
        }

        public override SignOutcome Rewrite(ReadOnlySpan<byte> message, ClientFrame frame, in FrameClock clock, SignedRequest output)
        {
            output.Reset();
            output.Access = frame.Endpoint.Access;
            if (ReferenceEquals(frame.Endpoint, DeribitWebSocketMethods.Auth))
            {
                return DeribitAuthFrame.Write(message, frame, _params.AsSpan(0, _paramCount), _auth, _clientIdJson, _credentials.Key, clock, output);
            }

            // A frame whose access_token is a placeholder: the real token goes in its place, nothing else changes.
            var token = _params[_accessToken].Value;
            var placeholder = System.Text.Encoding.ASCII.GetString(message[token][1..^1]);
            if (!_credentials.Tokens.TryRedeem(placeholder, out var real))
            {
                return output.Reject("the access_token placeholder is unknown or expired: authenticate the connection again (public/auth)");
            }

            var (start, length) = token.GetOffsetAndLength(message.Length);
            var body = output.Body;
            body.Append(message[..start]);
            body.Append((byte)'"');
            body.Append(JsonEncodedText.Encode(real).EncodedUtf8Bytes);
            body.Append((byte)'"');
            body.Append(message[(start + length)..]);
            return SignOutcome.PassThrough;
        }

        public override void WriteError(ReadOnlySpan<byte> message, ClientFrame frame, FrameError error, string text, ByteBuilder output)
        {
            // A JSON-RPC error as Deribit writes them ({"message","data":{"reason"},"code"}), with the bot's id. Deribit's
            // own codes are 10000–13999, 11xxx-style trading errors and JSON-RPC's -32xxx: Sidecar's 4000–5031 are none.
            output.Append("{\"jsonrpc\":\"2.0\",\"id\":"u8);
            output.Append(frame.Id.Equals(default(Range)) ? "null"u8 : message[frame.Id]);
            output.Append(",\"error\":{\"message\":\""u8);
            output.Append(JsonEncodedText.Encode(error.Message(text)).EncodedUtf8Bytes);
            output.Append("\",\"data\":{\"reason\":\""u8);
            output.Append(JsonEncodedText.Encode(error.Name).EncodedUtf8Bytes);
            output.Append("\"},\"code\":"u8);
            var span = output.GetSpan(11);
            Utf8Formatter.TryFormat(error.Code, span, out var written);
            output.Advance(written);
            output.Append("}}"u8);
        }

        public override ServerFrameAction RewriteServerMessage(ReadOnlySpan<byte> message, ByteBuilder output) =>
            DeribitTokenReplies.Rewrite(message, _credentials.Tokens, output);

        public override bool TryReadReply(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> id, out int status) =>
            DeribitTokenReplies.TryReadReply(message, out id, out status);

        /// <summary>Reads the request's four members; anything else in the envelope is refused, not forwarded blindly.</summary>
        private bool ReadEnvelope(ReadOnlySpan<byte> message, ClientFrame frame, out Range method)
        {
            method = default;
            try
            {
                var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 32 });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return frame.Reject("a Deribit request is a JSON-RPC object");
                }

                var seen = 0;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueIsEscaped)
                    {
                        return frame.Reject("member names with escapes are not accepted");
                    }

                    var (member, label) = reader.ValueSpan switch
                    {
                        var n when n.SequenceEqual("jsonrpc"u8) => (1, "jsonrpc"),
                        var n when n.SequenceEqual("id"u8) => (2, "id"),
                        var n when n.SequenceEqual("method"u8) => (4, "method"),
                        var n when n.SequenceEqual("params"u8) => (8, "params"),
                        _ => (0, ""),
                    };
                    if (member == 0)
                    {
                        return frame.Reject("a JSON-RPC request has only 'jsonrpc', 'id', 'method' and 'params'");
                    }

                    if ((seen & member) != 0)
                    {
                        return frame.Reject($"'{label}' is given twice");
                    }

                    seen |= member;
                    reader.Read();
                    switch (member)
                    {
                        case 1 when reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("2.0"u8):
                            return frame.Reject("'jsonrpc' must be \"2.0\"");
                        case 2 when reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray:
                            return frame.Reject("'id' must be a string, a number or null");
                        case 2:
                            frame.Id = new Range((int)reader.TokenStartIndex, (int)reader.BytesConsumed);
                            break;
                        case 4 when reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.ValueSpan.IsEmpty:
                            return frame.Reject("'method' must be a plain string");
                        case 4:
                            method = new Range((int)reader.TokenStartIndex + 1, (int)reader.BytesConsumed - 1);
                            break;
                        case 8 when reader.TokenType != JsonTokenType.StartObject:
                            return frame.Reject("'params' must be an object: Deribit takes named params");
                        case 8:
                            if (!JsonMember.TryReadObject(ref reader, message, ref _params, out _paramCount, MaxParams, out var error))
                            {
                                return frame.Reject("params: " + error);
                            }

                            _hasParams = true;
                            break;
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

            return !method.Equals(default(Range)) || frame.Reject("the request has no 'method'");
        }

        /// <summary><c>public/{name}</c> or <c>private/{name}</c>, the name of <c>[a-z0-9_]</c>: every Deribit method is so.</summary>
        private static bool IsMethodName(ReadOnlySpan<byte> method)
        {
            var name = method.StartsWith("public/"u8) ? method["public/".Length..]
                : method.StartsWith("private/"u8) ? method["private/".Length..]
                : default;
            if (name.IsEmpty || method.Length > MaxMethodLength)
            {
                return false;
            }

            foreach (var c in name)
            {
                if (c is not ((>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when a placeholder's prefix appears anywhere but in the access_token value, the one place it is swapped.</summary>
        private bool CarriesPlaceholderElsewhere(ReadOnlySpan<byte> message)
        {
            if (_accessToken < 0)
            {
                return message.IndexOf(PlaceholderPrefix) >= 0;
            }

            var (start, length) = _params[_accessToken].Value.GetOffsetAndLength(message.Length);
            return message[..start].IndexOf(PlaceholderPrefix) >= 0 || message[(start + length)..].IndexOf(PlaceholderPrefix) >= 0;
        }
    }
}
