using Sidecar.Signing.Coinbase;

namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>
/// Coinbase Advanced Trade's WebSocket feeds (market data <c>wss://advanced-trade-ws.coinbase.com</c>, user order data
/// <c>wss://advanced-trade-ws-user.coinbase.com</c>; "Advanced Trade WebSocket Overview"): one channel per
/// <c>{"type":"subscribe"|"unsubscribe","product_ids":[…],"channel":…,"jwt":…}</c>. The <c>user</c> and
/// <c>futures_balance_summary</c> channels need a <c>jwt</c>, "a different JWT for each websocket message sent":
/// the CDP key's ES256 JWT without the <c>uri</c> claim ("WebSocket Authentication"), made here in the HSM for every
/// such frame — one ECDSA signature per subscribe. Feed messages are relayed as they come.
/// </summary>
internal sealed class CoinbaseAdvancedWebSocket : WebSocketAdapter
{
    public override EndpointTable Methods => CoinbaseFeedSession.Methods;

    /// <summary>ccxt 4.5.84's watchOrders subscribe (websocket-venues.md §2.6; its JWT shortened: it is dropped unread).</summary>
    public override SampleFrame SampleSignedFrame { get; } = new("/",
        """{"type":"subscribe","product_ids":["BTC-USD"],"channel":"user","jwt":"eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Im9yZ2FuaXphdGlvbnMvcGxhY2Vob2xkZXItb3JnL2FwaUtleXMvcGxhY2Vob2xkZXIta2V5Iiwibm9uY2UiOiJi.eyJhdWQiOlsicmV0YWlsX3Jlc3RfYXBpX3Byb3h5Il19.c2ln"}""",
        1_796_662_096_500)
    {
        ApiKey = "organizations/9e5b2a41-1c2d-4e6f-8a9b-0c1d2e3f4a5b/apiKeys/7f8e9d0c-1b2a-3c4d-5e6f-7a8b9c0d1e2f",
    };

    public override WebSocketSession Open(WebSocketSessionContext context) => new Session(context.Credentials);

    /// <summary>
    /// One connection. The bot's <c>jwt</c> (ccxt signs one with its placeholder key) never reaches Coinbase, nor do
    /// the legacy HMAC members (<c>api_key</c>, <c>timestamp</c>, <c>signature</c>) ccxt sends for a non-CDP key: the
    /// frame is rebuilt with a JWT made from the venue's key name and clock.
    /// </summary>
    private sealed class Session(VenueCredentials credentials) : CoinbaseFeedSession("jwt", "api_key", "timestamp", "signature")
    {
        public override SignOutcome Rewrite(ReadOnlySpan<byte> message, ClientFrame frame, in FrameClock clock, SignedRequest output)
        {
            output.Reset();
            output.Access = frame.Endpoint.Access;
            var body = output.Body;
            WriteMembersExceptCredentials(message, body);

            var prehash = output.Prehash;
            CoinbaseJwt.WriteSigningInput(prehash, credentials.ApiKey, clock.UnixTimeMilliseconds / 1000);
            Span<byte> signature = stackalloc byte[CoinbaseJwt.MaxEncodedSignatureBytes];
            var signatureLength = CoinbaseJwt.Sign(output, credentials.Key, signature);

            body.Append("\"jwt\":\""u8);
            body.Append(prehash.WrittenSpan);
            body.Append((byte)'.');
            body.Append(signature[..signatureLength]);
            body.Append("\"}"u8);
            return SignOutcome.Signed;
        }

        /// <summary>"Requires Authentication: Yes" in "Advanced Trade WebSocket Channels": <c>user</c> and <c>futures_balance_summary</c>.</summary>
        protected override bool NeedsAuthentication(ReadOnlySpan<byte> message, out string? error)
        {
            error = null;
            var index = IndexOf(message, "channel"u8);
            if (index < 0)
            {
                return false;
            }

            var channel = Members[index];
            if (channel.Kind != JsonTokenType.String)
            {
                error = "'channel' must be a string: Coinbase Advanced takes one channel per message";
                return false;
            }

            var token = message[channel.Value];
            return StringEquals(token, "user"u8) || StringEquals(token, "futures_balance_summary"u8);
        }
    }
}
