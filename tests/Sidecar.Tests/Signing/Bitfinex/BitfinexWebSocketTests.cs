using System.Globalization;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange.Bitfinex.WebSocket;
using Sidecar.Signing;
using Sidecar.Signing.Bitfinex;
using Sidecar.Signing.Nonces;
using Sidecar.Signing.Policy;
using Sidecar.Signing.WebSockets;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bitfinex;

/// <summary>
/// The Bitfinex WebSocket session: ccxt's captured auth event (websocket-venues.md §2.10) rebuilt with the real key, a
/// µs nonce from the key's one counter (shared with REST), <c>AUTH</c>+nonce and HMAC-SHA384 — the expected signature
/// computed by the fake Bitfinex's own code; dms and filter kept; inputs judged by name with the REST order reader.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BitfinexWebSocketTests(SoftHsmToken token)
{
    private const string Secret = "5f0c1b7e9a3d2c4b6e8f0a1c3e5d7b9f2a4c6e8d0b2f4a6c8e0d2b4f6a8c0e2d";
    private const long Now = 1796662069200;

    // Captured from ccxt 4.5.84 with placeholder credentials (its nonce in milliseconds).
    private const string CcxtAuth = """{"apiKey":"placeholder-key","authSig":"be7b50e5","authNonce":1796662069112,"authPayload":"AUTH1796662069112","event":"auth"}""";

    [Fact]
    public void Ccxts_auth_is_rebuilt_with_a_microsecond_nonce_and_signed_in_SoftHSM_to_the_fakes_signature()
    {
        var label = TestSecrets.Label("bitfinex-ws-kat");
        token.ImportHmac(label, Encoding.ASCII.GetBytes(Secret));
        using var hsm = token.Connect();
        var session = Open(new VenueCredentials("real-key", hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha384), nonces: new NonceCounter(null, leaseSpan: 1000)));

        var (outcome, frame, output) = Rewrite(session, CcxtAuth, Now);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal("AUTH1796662069200000", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        var expected = FakeBitfinexWebSockets.AuthSignature(Encoding.ASCII.GetBytes(Secret), "AUTH1796662069200000");
        Assert.Equal(
            $$$"""{"apiKey":"real-key","authSig":"{{{expected}}}","authNonce":1796662069200000,"authPayload":"AUTH1796662069200000","event":"auth"}""",
            Encoding.UTF8.GetString(output.Body.WrittenSpan));
        Assert.Equal((EndpointCategory.Read, FrameAction.Rebuild), (frame.Endpoint.Category, frame.Action));
        output.Dispose();
    }

    [Fact]
    public void Dms_filter_and_other_members_are_kept_as_the_bot_sent_them()
    {
        var session = Open(Reference(new NonceCounter(null, leaseSpan: 1000)));
        const string Sent = """{"event":"auth","dms":4,"apiKey":"placeholder-key","filter":["trading","wallet-exchange"],"authNonce":"1","calc":1}""";

        var (_, _, output) = Rewrite(session, Sent, Now);

        var text = Encoding.UTF8.GetString(output.Body.WrittenSpan);
        Assert.StartsWith("""{"event":"auth","dms":4,"apiKey":"real-key","filter":["trading","wallet-exchange"],"authNonce":"1796662069200000","calc":1,"authSig":""", text, StringComparison.Ordinal);
        Assert.EndsWith(""","authPayload":"AUTH1796662069200000"}""", text, StringComparison.Ordinal);
        output.Dispose();
    }

    [Fact]
    public void Websocket_and_rest_nonces_come_from_the_keys_one_counter_and_never_go_back()
    {
        var counter = new NonceCounter(null, leaseSpan: 1000);
        var credentials = Reference(counter);
        var session = Open(credentials);
        Assert.True(SigningSchemes.TryGet("bitfinex-v2", out var scheme));

        // A REST request whose bot nonce is ahead of the clock (kept: within the hour BitfinexScheme allows).
        var restNonce = RestNonce(scheme, credentials, Now, botNonce: (Now * 1000) + 5_000_000);
        var (_, _, first) = Rewrite(session, CcxtAuth, Now);
        var (_, _, second) = Rewrite(session, CcxtAuth, Now);
        var laterRest = RestNonce(scheme, credentials, Now, botNonce: null);

        var firstNonce = NonceOf(first);
        var secondNonce = NonceOf(second);
        Assert.Equal(Now * 1000 + 5_000_000, restNonce);
        Assert.True(restNonce < firstNonce && firstNonce < secondNonce && secondNonce < laterRest, $"{restNonce} {firstNonce} {secondNonce} {laterRest}");
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public void A_venue_without_a_nonce_source_is_refused_rather_than_signing_a_bots_nonce()
    {
        var session = Open(new VenueCredentials("real-key", new ReferenceHmacKey(Encoding.ASCII.GetBytes(Secret), SignatureAlgorithm.HmacSha384)));

        var (outcome, _, output) = Rewrite(session, CcxtAuth, Now);

        Assert.Equal(SignOutcome.Rejected, outcome);
        Assert.Equal(0, output.Body.Length);
        output.Dispose();
    }

    [Fact]
    public void A_new_order_is_read_with_the_rest_reader_the_sign_of_amount_being_the_side()
    {
        var (frame, orders) = Input("""[0,"on",null,{"type":"EXCHANGE LIMIT","symbol":"tBTCUSD","amount":"-0.5","price":"60000","cid":12345,"flags":0}]""");

        Assert.Equal((FrameAction.Forward, EndpointCategory.Trade), (frame.Action, frame.Endpoint.Category));
        var order = Assert.Single(orders.Orders);
        Assert.Equal(("tBTCUSD", "sell", 0.5m, 60000m, "12345"), (order.Symbol, order.Side, order.Quantity, order.Price, order.ClientOrderId));
    }

    [Theory]
    [InlineData("""[0,"ou",null,{"id":1,"amount":"5"}]""", EndpointCategory.Trade, true)]
    [InlineData("""[0,"ox_multi",null,[["on",{"type":"EXCHANGE LIMIT","symbol":"tBTCUSD","amount":"1","price":"1"}]]]""", EndpointCategory.Trade, true)]
    [InlineData("""[0,"oc",null,{"id":1}]""", EndpointCategory.Trade, false)]
    [InlineData("""[0,"oc_multi",null,{"all":1}]""", EndpointCategory.Trade, false)]
    [InlineData("""[0,"fon",null,{"type":"LIMIT","symbol":"fUSD","amount":"100","rate":"0.001","period":2}]""", EndpointCategory.Transfer, false)]
    [InlineData("""[0,"calc",null,[["margin_base"]]]""", EndpointCategory.Read, false)]
    [InlineData("""[0,"xyz",null,{}]""", EndpointCategory.Unknown, false)]
    public void Inputs_are_judged_by_name_and_what_the_rest_reader_cannot_read_is_unreadable(string sent, EndpointCategory category, bool unreadable)
    {
        var (frame, orders) = Input(sent);

        Assert.Equal((FrameAction.Forward, category), (frame.Action, frame.Endpoint.Category));
        Assert.Equal(unreadable, orders.UnreadableReason is not null);
    }

    [Theory]
    [InlineData("""{"event":"subscribe","channel":"book","symbol":"tBTCUSD"}""", EndpointCategory.Public, FrameAction.Forward)]
    [InlineData("""{"event":"ping","cid":1234}""", EndpointCategory.Public, FrameAction.Forward)]
    [InlineData("""{"event":"conf","flags":65536}""", EndpointCategory.Public, FrameAction.Forward)]
    [InlineData("""{"event":"somethingnew"}""", EndpointCategory.Unknown, FrameAction.Forward)]
    public void Events_are_judged_by_name(string sent, EndpointCategory category, FrameAction action)
    {
        var session = Open(Reference(new NonceCounter(null, 1000)));
        var frame = new ClientFrame();

        Assert.True(session.TryRead(Encoding.UTF8.GetBytes(sent), frame), frame.Error);

        Assert.Equal((category, action), (frame.Endpoint.Category, frame.Action));
    }

    [Theory]
    [InlineData("""{"event":"auth","authToken":"t"}""", "authToken")]
    [InlineData("""{"event":"subscribe","apiKey":"k"}""", "auth event only")]
    [InlineData("""{"event":"auth","event":"auth"}""", "twice")]
    [InlineData("""{"channel":"book"}""", "'event'")]
    [InlineData("""{"event":"au\u0074h"}""", "'event'")]
    [InlineData("""[1,"on",null,{}]""", "channel 0")]
    [InlineData("""[0,"on",{}]""", "channel 0")]
    [InlineData("""[0,"on",null,{},5]""", "channel 0")]
    [InlineData("""[0,"on",null,"x"]""", "channel 0")]
    [InlineData("""[0,"o\u006e",null,{}]""", "channel 0")]
    [InlineData("""[0,"on",null,{"amount":"1","amount":"-1"}]""", "twice")]
    [InlineData("""[0,"on",null,{}] []""", "not JSON")]
    [InlineData("""42""", "object (an event) or array")]
    public void Ambiguous_or_malformed_frames_are_refused_with_a_reason(string sent, string reason)
    {
        var session = Open(Reference(new NonceCounter(null, 1000)));
        var frame = new ClientFrame();

        Assert.False(session.TryRead(Encoding.UTF8.GetBytes(sent), frame));

        Assert.Contains(reason, frame.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_input_is_answered_as_bitfinexs_error_notification_with_the_bots_cid()
    {
        var session = Open(Reference(new NonceCounter(null, 1000)));
        var frame = new ClientFrame();
        var sent = """[0,"on",null,{"type":"EXCHANGE LIMIT","symbol":"tETHUSD","amount":"1","price":"3000","cid":777}]"""u8.ToArray();
        Assert.True(session.TryRead(sent, frame));
        using var output = new ByteBuilder();

        session.WriteError(sent, frame, FrameError.PolicyDenied, "symbol 'tETHUSD' is not in the venue's Symbols (rule: Symbols)", output);

        using var json = JsonDocument.Parse(output.WrittenMemory);
        var root = json.RootElement;
        Assert.Equal((0, "n"), (root[0].GetInt32(), root[1].GetString()));
        var notification = root[2];
        Assert.Equal("on-req", notification[1].GetString());
        Assert.Equal("[null,null,777,\"tETHUSD\"]", notification[4].GetRawText());
        Assert.Equal(4030, notification[5].GetInt32());
        Assert.Equal("ERROR", notification[6].GetString());
        Assert.StartsWith("sidecar policy_denied: symbol 'tETHUSD'", notification[7].GetString(), StringComparison.Ordinal);
        Assert.Equal("777", Encoding.UTF8.GetString(sent[frame.Id]));
    }

    [Fact]
    public void A_refused_auth_is_a_failed_auth_event_and_anything_else_an_error_event()
    {
        var session = Open(Reference(new NonceCounter(null, 1000)));
        var frame = new ClientFrame();
        using var output = new ByteBuilder();
        var auth = Encoding.UTF8.GetBytes(CcxtAuth);
        Assert.True(session.TryRead(auth, frame));

        session.WriteError(auth, frame, FrameError.HsmUnavailable, "the HSM could not sign", output);
        using (var json = JsonDocument.Parse(output.WrittenMemory))
        {
            Assert.Equal(("auth", "FAILED", 5030), (json.RootElement.GetProperty("event").GetString(), json.RootElement.GetProperty("status").GetString(), json.RootElement.GetProperty("code").GetInt32()));
        }

        foreach (var junk in new[] { "not json"u8.ToArray(), """[7,"on",null,{}]"""u8.ToArray() })
        {
            output.Clear();
            Assert.False(session.TryRead(junk, frame));
            session.WriteError(junk, frame, FrameError.BadRequest, frame.Error!, output);
            using var json = JsonDocument.Parse(output.WrittenMemory);
            Assert.Equal(("error", 4000), (json.RootElement.GetProperty("event").GetString(), json.RootElement.GetProperty("code").GetInt32()));
        }
    }

    [Fact]
    public void When_the_HSM_cannot_sign_the_failure_surfaces_and_nothing_is_written_to_forward()
    {
        var session = Open(new VenueCredentials("real-key", new UnavailableKey(SignatureAlgorithm.HmacSha384), nonces: new NonceCounter(null, 1000)));
        var frame = new ClientFrame();
        var sent = Encoding.UTF8.GetBytes(CcxtAuth);
        Assert.True(session.TryRead(sent, frame));
        using var output = new SignedRequest();

        Assert.Throws<SigningKeyUnavailableException>(() => session.Rewrite(sent, frame, new FrameClock(Now, false), output));

        Assert.Equal(0, output.Body.Length);
    }

    [Fact]
    public void Rebuilding_and_signing_the_auth_event_allocates_nothing_once_warm()
    {
        var session = Open(Reference(new NonceCounter(null, 1_000_000_000)));
        var frame = new ClientFrame();
        var sent = Encoding.UTF8.GetBytes(CcxtAuth);
        using var output = new SignedRequest();
        var clock = new FrameClock(Now, false);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(session.TryRead(sent, frame));
            session.Rewrite(sent, frame, clock, output);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            session.TryRead(sent, frame);
            session.Rewrite(sent, frame, clock, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static VenueCredentials Reference(INonceSource nonces) =>
        new("real-key", new ReferenceHmacKey(Encoding.ASCII.GetBytes(Secret), SignatureAlgorithm.HmacSha384), nonces: nonces);

    private static WebSocketSession Open(VenueCredentials credentials) => WebSocketSessions.Open("bitfinex-v2", credentials, "/ws/2");

    private static (ClientFrame Frame, OrderRead Orders) Input(string sent)
    {
        var frame = new ClientFrame();
        var bytes = Encoding.UTF8.GetBytes(sent);
        Assert.True(Open(Reference(new NonceCounter(null, 1000))).TryRead(bytes, frame), frame.Error);
        return (frame, frame.Endpoint.ReadOrders([], bytes[frame.OrderJson], BodyFormat.Json));
    }

    private static long NonceOf(SignedRequest output)
    {
        using var json = JsonDocument.Parse(output.Body.WrittenMemory);
        return json.RootElement.GetProperty("authNonce").GetInt64();
    }

    /// <summary>The nonce the REST scheme signs a <c>POST /v2/auth/r/wallets</c> with, for the same credentials.</summary>
    private static long RestNonce(SigningScheme scheme, VenueCredentials credentials, long now, long? botNonce)
    {
        var input = new SigningInput
        {
            Method = "POST",
            Path = "/v2/auth/r/wallets"u8,
            Body = "{}"u8,
            BodyFormat = BodyFormat.Json,
            UnixTimeMilliseconds = now,
            CredentialHeaderValues = new string?[] { botNonce?.ToString(CultureInfo.InvariantCulture), null, null }, // bfx-nonce, bfx-apikey, bfx-signature
        };
        using var output = new SignedRequest();
        Assert.Equal(SignOutcome.Signed, scheme.Sign(input, credentials, output));
        for (var i = 0; i < output.Headers.Count; i++)
        {
            if (output.Headers.NameAt(i) == BitfinexScheme.NonceHeader)
            {
                return long.Parse(Encoding.ASCII.GetString(output.Headers.ComputedValueAt(i)), CultureInfo.InvariantCulture);
            }
        }

        throw new KeyNotFoundException(BitfinexScheme.NonceHeader);
    }

    private static (SignOutcome Outcome, ClientFrame Frame, SignedRequest Output) Rewrite(WebSocketSession session, string sent, long now) =>
        WebSocketSessions.Rewrite(session, sent, now);
}
