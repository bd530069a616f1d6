using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange.Gate.WebSocket;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Signing.WebSockets;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Gate;

/// <summary>
/// The Gate WebSocket session: ccxt's captured frames (websocket-venues.md §2.9) rebuilt with the real key, signed
/// over the documented strings — the expected signatures computed by the fake Gate's own verifier, since the docs'
/// login example does not reproduce — with the bot's req_param bytes signed and forwarded exactly as sent.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class GateWebSocketTests(SoftHsmToken token)
{
    private const string Secret = "0b1e6dbb0e25d5a2a5e3b7dc3c0a1ef8b6a7c39f1f5e6d4c2b1a09f8e7d6c5b4";
    private const long Sent = 1796662069;

    // Captured from ccxt 4.5.84 with placeholder credentials.
    private const string CcxtLogin = """{"id":"authenticated","time":1796662069,"channel":"spot.login","event":"api","payload":{"req_id":"authenticated","timestamp":"1796662069","api_key":"placeholder-key","signature":"253f6b0","req_param":{}}}""";
    private const string CcxtSubscribe = """{"id":1,"time":1796662069,"channel":"spot.balances","event":"subscribe","auth":{"method":"api_key","KEY":"placeholder-key","SIGN":"aa3a87c5"}}""";
    private const string CcxtOrder = """{"id":"1","time":1796662069,"channel":"spot.order_place","event":"api","payload":{"req_id":"1","timestamp":"1796662069","api_key":"placeholder-key","signature":"fa949222","req_param":{"currency_pair":"BTC_USDT","type":"limit","account":"spot","side":"buy","amount":"0.001","price":"50000","text":"t-68ee05997476ba7a","textIsRequired":true},"req_header":{"X-Gate-Channel-Id":"ccxt"}}}""";

    [Fact]
    public void Ccxts_login_is_signed_in_SoftHSM_over_its_req_param_to_the_fakes_signature()
    {
        var label = TestSecrets.Label("gate-ws-kat");
        token.ImportHmac(label, Encoding.ASCII.GetBytes(Secret));
        using var hsm = token.Connect();
        var session = Open(new VenueCredentials("real-key", hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha512)));

        var (outcome, frame, output) = Rewrite(session, CcxtLogin, (Sent + 2) * 1000);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal("api\nspot.login\n{}\n1796662069", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        var expected = GateWsSignature.Sign(Encoding.ASCII.GetBytes(Secret), "api\nspot.login\n{}\n1796662069");
        Assert.Equal(
            """{"id":"authenticated","time":1796662069,"channel":"spot.login","event":"api","payload":{"req_id":"authenticated","timestamp":"1796662069","api_key":"real-key","signature":"SIG","req_param":{}}}""".Replace("SIG", expected, StringComparison.Ordinal),
            Encoding.UTF8.GetString(output.Body.WrittenSpan));
        Assert.Equal((EndpointCategory.Read, "\"authenticated\""), (frame.Endpoint.Category, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(CcxtLogin)[frame.Id])));
        output.Dispose();
    }

    [Fact]
    public void A_private_subscribe_gets_the_real_KEY_and_a_SIGN_over_channel_event_and_time()
    {
        var session = Open(Reference());

        var (outcome, frame, output) = Rewrite(session, CcxtSubscribe, (Sent + 1) * 1000);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal("channel=spot.balances&event=subscribe&time=1796662069", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        var expected = GateWsSignature.Sign(Encoding.ASCII.GetBytes(Secret), GateWsSignature.SubscriptionText("spot.balances", "subscribe", Sent));
        Assert.Equal(
            $$$"""{"id":1,"time":1796662069,"channel":"spot.balances","event":"subscribe","auth":{"method":"api_key","KEY":"real-key","SIGN":"{{{expected}}}"}}""",
            Encoding.UTF8.GetString(output.Body.WrittenSpan));
        Assert.Equal(EndpointCategory.Read, frame.Endpoint.Category);
        output.Dispose();
    }

    [Fact]
    public void An_order_is_signed_over_req_param_exactly_as_ccxt_sent_it_and_forwarded_in_the_bots_order()
    {
        var session = Open(Reference());

        var (outcome, frame, output) = Rewrite(session, CcxtOrder, (Sent + 1) * 1000);

        Assert.Equal(SignOutcome.Signed, outcome);
        const string Param = """{"currency_pair":"BTC_USDT","type":"limit","account":"spot","side":"buy","amount":"0.001","price":"50000","text":"t-68ee05997476ba7a","textIsRequired":true}""";
        var signed = "api\nspot.order_place\n" + Param + "\n1796662069";
        Assert.Equal(signed, Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        var expected = GateWsSignature.Sign(Encoding.ASCII.GetBytes(Secret), signed);
        Assert.Equal(
            """{"id":"1","time":1796662069,"channel":"spot.order_place","event":"api","payload":{"req_id":"1","timestamp":"1796662069","api_key":"real-key","signature":"SIG","req_param":PARAM,"req_header":{"X-Gate-Channel-Id":"ccxt"}}}""".Replace("SIG", expected, StringComparison.Ordinal).Replace("PARAM", Param, StringComparison.Ordinal),
            Encoding.UTF8.GetString(output.Body.WrittenSpan));
        Assert.Equal(Param, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(CcxtOrder)[frame.OrderJson]));
        output.Dispose();
    }

    [Fact]
    public void A_req_param_is_signed_as_written_whitespace_and_escapes_included()
    {
        var session = Open(Reference());
        const string Param = """{ "currency_pair" : "BTC_USDT", "text":"t-\u0041b", "amount":"1.0e-3" }""";
        var sent = """{"time":1796662069,"channel":"spot.order_place","event":"api","payload":{"req_id":"r","req_param":PARAM}}""".Replace("PARAM", Param, StringComparison.Ordinal);

        var (_, _, output) = Rewrite(session, sent, Sent * 1000);

        Assert.Equal("api\nspot.order_place\n" + Param + "\n1796662069", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        Assert.Contains("\"req_param\":" + Param, Encoding.UTF8.GetString(output.Body.WrittenSpan), StringComparison.Ordinal);
        output.Dispose();
    }

    [Fact]
    public void A_frame_after_login_without_credentials_is_signed_all_the_same()
    {
        // The docs' own order example after a login sends only req_id and req_param.
        var session = Open(Reference());
        const string Sent_ = """{"time":1796662069,"channel":"spot.order_cancel","event":"api","payload":{"req_id":"request-5","req_param":{"order_id":"1700664330","currency_pair":"GT_USDT"}}}""";

        var (outcome, frame, output) = Rewrite(session, Sent_, Sent * 1000);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(EndpointCategory.Trade, frame.Endpoint.Category);
        using var json = JsonDocument.Parse(output.Body.WrittenMemory);
        var payload = json.RootElement.GetProperty("payload");
        Assert.Equal("real-key", payload.GetProperty("api_key").GetString());
        Assert.Equal("1796662069", payload.GetProperty("timestamp").GetString());
        Assert.Equal(128, payload.GetProperty("signature").GetString()!.Length);
        output.Dispose();
    }

    [Theory]
    [InlineData(Sent, Sent + 55, false, Sent)]        // 55 s old: kept
    [InlineData(Sent, Sent + 56, false, Sent + 56)]   // older: both time and timestamp restamped
    [InlineData(Sent, Sent - 56, false, Sent - 56)]   // ahead: restamped
    [InlineData(Sent, Sent + 1, true, Sent + 1)]      // Clock:Restamp: always the venue's clock
    public void The_bots_time_is_kept_inside_gates_window_and_replaced_outside_it(long sent, long now, bool restamp, long expected)
    {
        var session = Open(Reference());

        var (_, _, api) = Rewrite(session, CcxtOrder.Replace($"{Sent}", $"{sent}", StringComparison.Ordinal), now * 1000, restamp);
        using (var json = JsonDocument.Parse(api.Body.WrittenMemory))
        {
            Assert.Equal(expected, json.RootElement.GetProperty("time").GetInt64());
            Assert.Equal($"{expected}", json.RootElement.GetProperty("payload").GetProperty("timestamp").GetString());
            Assert.EndsWith($"\n{expected}", Encoding.UTF8.GetString(api.Prehash.WrittenSpan), StringComparison.Ordinal);
        }

        var (_, _, subscribe) = Rewrite(session, CcxtSubscribe.Replace($"{Sent}", $"{sent}", StringComparison.Ordinal), now * 1000, restamp);
        using (var json = JsonDocument.Parse(subscribe.Body.WrittenMemory))
        {
            Assert.Equal(expected, json.RootElement.GetProperty("time").GetInt64());
            Assert.EndsWith($"&time={expected}", Encoding.UTF8.GetString(subscribe.Prehash.WrittenSpan), StringComparison.Ordinal);
        }

        api.Dispose();
        subscribe.Dispose();
    }

    [Fact]
    public void A_private_subscribe_without_auth_gets_one_and_a_futures_payload_with_the_user_id_is_kept()
    {
        var session = Open(Reference());
        const string Sent_ = """{"id":7,"time":1796662069,"channel":"futures.balances","event":"subscribe","payload":["10406147"]}""";

        var (outcome, _, output) = Rewrite(session, Sent_, Sent * 1000);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.StartsWith("""{"id":7,"time":1796662069,"channel":"futures.balances","event":"subscribe","payload":["10406147"],"auth":{"method":"api_key","KEY":"real-key","SIGN":""", Encoding.UTF8.GetString(output.Body.WrittenSpan), StringComparison.Ordinal);
        output.Dispose();
    }

    [Theory]
    [InlineData("""{"time":1796662069,"channel":"spot.ping"}""")]
    [InlineData("""{"time":1796662069,"channel":"spot.tickers","event":"subscribe","payload":["BTC_USDT"]}""")]
    [InlineData("""{"time":1796662069,"channel":"spot.order_book_update","event":"unsubscribe","payload":["BTC_USDT","100ms"]}""")]
    public void Market_data_and_pings_pass_through_as_they_came(string sent)
    {
        var session = Open(Reference());
        var frame = new ClientFrame();

        Assert.True(session.TryRead(Encoding.UTF8.GetBytes(sent), frame), frame.Error);

        Assert.Equal((FrameAction.Forward, EndpointCategory.Public), (frame.Action, frame.Endpoint.Category));
    }

    [Theory]
    [InlineData("""{"time":1,"channel":"spot.withdraw","event":"api","payload":{"req_param":{}}}""")]
    [InlineData("""{"time":1,"channel":"spot.newthing","event":"subscribe","auth":{"method":"api_key","KEY":"k","SIGN":"s"}}""")]
    public void Unknown_api_channels_and_credentials_on_unknown_channels_are_unlisted(string sent)
    {
        var session = Open(Reference());
        var frame = new ClientFrame();

        Assert.True(session.TryRead(Encoding.UTF8.GetBytes(sent), frame), frame.Error);

        Assert.Equal((FrameAction.Rebuild, EndpointCategory.Unknown), (frame.Action, frame.Endpoint.Category));
    }

    [Theory]
    [InlineData("""{"time":1,"channel":"spot.balances","channel":"spot.orders","event":"subscribe"}""", "twice")]
    [InlineData("""{"time":1,"channel":"spot.order_place","event":"api","payload":{"req_param":{},"req_param":{"x":1}}}""", "twice")]
    [InlineData("""{"time":1,"channel":"spot.balances","event":"subscribe","auth":{"KEY":"a","KEY":"b"}}""", "twice")]
    [InlineData("""{"time":1,"channel":"spot.balances","event":"subscribe","auth":{"method":"api_key","KEY":"k","SIGN":"s","extra":1}}""", "only 'method'")]
    [InlineData("""{"time":1,"channel":"spot.balances","event":"subscribe","auth":{"method":"hmac"}}""", "api_key")]
    [InlineData("""{"time":1,"channel":"spot.balances","event":"subscribe","auth":"k"}""", "must be an object")]
    [InlineData("""{"time":1,"channel":"spot.balances","event":"update","auth":{"KEY":"k"}}""", "subscribe and unsubscribe only")]
    [InlineData("""{"time":1,"channel":"spot.balances","event":"update"}""", "subscribe and unsubscribe")]
    [InlineData("""{"time":1,"channel":"spot.order_place","event":"api","payload":{},"auth":{"KEY":"k"}}""", "belongs to subscriptions")]
    [InlineData("""{"time":1,"channel":"spot.order_place","event":"api"}""", "'payload' object")]
    [InlineData("""{"time":1,"channel":"spot.order_place","event":"api","payload":{"req_id":{}}}""", "'req_id'")]
    [InlineData("""{"time":1,"event":"subscribe"}""", "'channel'")]
    [InlineData("""{"time":1,"channel":"spot.\u0062alances","event":"subscribe"}""", "'channel'")]
    [InlineData("""{"time":1,"channel":"spot.balances","event":"sub\u0073cribe"}""", "'event'")]
    [InlineData("""{"id":{},"channel":"spot.balances","event":"subscribe"}""", "'id'")]
    [InlineData("""{"ch\u0061nnel":"spot.balances"}""", "escapes")]
    [InlineData("""[1,2]""", "JSON object")]
    [InlineData("""{"channel":"spot.balances""", "not JSON")]
    public void Ambiguous_or_malformed_frames_are_refused_with_a_reason(string sent, string reason)
    {
        var session = Open(Reference());
        var frame = new ClientFrame();

        Assert.False(session.TryRead(Encoding.UTF8.GetBytes(sent), frame));

        Assert.Contains(reason, frame.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_channel_longer_than_any_of_gates_is_refused()
    {
        var session = Open(Reference());
        var frame = new ClientFrame();

        Assert.False(session.TryRead(Encoding.UTF8.GetBytes($$$"""{"channel":"{{{new string('a', 65)}}}","event":"api","payload":{}}"""), frame));
    }

    [Fact]
    public void A_spot_order_is_read_with_the_rest_readers_field_names_and_what_units_forbid_is_unreadable()
    {
        var spot = Orders("""{"channel":"spot.order_place","event":"api","payload":{"req_param":{"currency_pair":"BTC_USDT","side":"sell","type":"limit","amount":"0.25","price":"60000","text":"t-x","textIsRequired":true}}}""");
        var order = Assert.Single(spot.Orders);
        Assert.Equal(("BTC_USDT", "sell", 0.25m, 60000m, "t-x"), (order.Symbol, order.Side, order.Quantity, order.Price, order.ClientOrderId));

        Assert.NotNull(Orders("""{"channel":"spot.order_place","event":"api","payload":{"req_param":[{"currency_pair":"BTC_USDT","side":"buy","amount":"1","price":"1"}]}}""").UnreadableReason);
        Assert.NotNull(Orders("""{"channel":"spot.order_place","event":"api","payload":{"req_param":{"currency_pair":"BTC_USDT","side":"buy","type":"market","amount":"100"}}}""").UnreadableReason);
        Assert.NotNull(Orders("""{"channel":"spot.order_amend","event":"api","payload":{"req_param":{"order_id":"1","price":"2"}}}""").UnreadableReason);
        Assert.NotNull(Orders("""{"channel":"futures.order_place","event":"api","payload":{"req_param":{"contract":"BTC_USDT","size":10,"price":"1"}}}""").UnreadableReason);
        Assert.Empty(Orders("""{"channel":"spot.order_cancel","event":"api","payload":{"req_param":{"order_id":"1","currency_pair":"BTC_USDT"}}}""").Orders);
    }

    [Fact]
    public void An_api_refusal_is_gates_api_error_with_the_bots_req_id_and_a_label_gate_never_uses()
    {
        var session = Open(Reference());
        var frame = new ClientFrame();
        var sent = Encoding.UTF8.GetBytes(CcxtOrder);
        Assert.True(session.TryRead(sent, frame));
        using var output = new ByteBuilder();

        session.WriteError(sent, frame, FrameError.PolicyDenied, "the notional 50 is above MaxOrderNotional 10 (rule: MaxOrderNotional)", output);

        using var json = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal("1", json.RootElement.GetProperty("request_id").GetString());
        Assert.Equal("403", json.RootElement.GetProperty("header").GetProperty("status").GetString());
        Assert.Equal("spot.order_place", json.RootElement.GetProperty("header").GetProperty("channel").GetString());
        var errs = json.RootElement.GetProperty("data").GetProperty("errs");
        Assert.Equal("SIDECAR_POLICY_DENIED", errs.GetProperty("label").GetString());
        Assert.StartsWith("sidecar policy_denied: the notional", errs.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_subscription_refusal_is_gates_channel_error_with_the_bots_id_and_a_code_gate_never_uses()
    {
        var session = Open(Reference());
        var frame = new ClientFrame();
        var sent = Encoding.UTF8.GetBytes(CcxtSubscribe);
        Assert.True(session.TryRead(sent, frame));
        using var output = new ByteBuilder();

        session.WriteError(sent, frame, FrameError.PolicyDenied, "category read is not allowed (rule: Profile)", output);

        using var json = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal(1, json.RootElement.GetProperty("id").GetInt32());
        Assert.Equal(("spot.balances", "subscribe"), (json.RootElement.GetProperty("channel").GetString(), json.RootElement.GetProperty("event").GetString()));
        Assert.Equal(4030, json.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.StartsWith("sidecar policy_denied:", json.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("fail", json.RootElement.GetProperty("result").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"request_id":"1","header":{"response_time":"1","status":"200","channel":"spot.order_place","event":"api"},"data":{"result":{"id":"9"}}}""", "\"1\"", 200)]
    [InlineData("""{"request_id":"authenticated","header":{"status":"401","channel":"spot.login"},"data":{"errs":{"label":"INVALID_KEY"}}}""", "\"authenticated\"", 401)]
    [InlineData("""{"time":1,"id":3,"channel":"spot.balances","event":"subscribe","error":null,"result":{"status":"success"}}""", "3", 200)]
    [InlineData("""{"time":1,"id":3,"channel":"spot.balances","event":"subscribe","error":{"code":4,"message":"x"},"result":null}""", "3", 400)]
    public void Answers_are_read_for_their_id_and_status(string answer, string id, int status)
    {
        var session = Open(Reference());

        Assert.True(session.TryReadReply(Encoding.UTF8.GetBytes(answer), out var read, out var readStatus));

        Assert.Equal((id, status), (Encoding.UTF8.GetString(read), readStatus));
    }

    [Theory]
    [InlineData("""{"request_id":"1","ack":true,"header":{"status":"200"},"data":{"result":{}}}""")]
    [InlineData("""{"time":1,"channel":"spot.balances","event":"update","result":[{"currency":"USDT"}]}""")]
    public void Acks_and_pushes_are_not_answers(string message)
    {
        Assert.False(Open(Reference()).TryReadReply(Encoding.UTF8.GetBytes(message), out _, out _));
    }

    [Theory]
    [InlineData(CcxtOrder, "\"request_id\":\"1\",\"header\":{\"response_time\":")]
    [InlineData(CcxtSubscribe, "\"error\":{\"code\":5030,")]
    public void When_the_HSM_cannot_sign_the_failure_surfaces_and_is_answered_in_gates_envelope(string text, string envelope)
    {
        var session = Open(new VenueCredentials("real-key", new UnavailableKey(SignatureAlgorithm.HmacSha512)));
        var frame = new ClientFrame();
        var sent = Encoding.UTF8.GetBytes(text);
        Assert.True(session.TryRead(sent, frame));
        using var output = new SignedRequest();

        Assert.Throws<SigningKeyUnavailableException>(() => session.Rewrite(sent, frame, new FrameClock(Sent * 1000, false), output));

        using var answer = new ByteBuilder();
        session.WriteError(sent, frame, FrameError.HsmUnavailable, "the HSM could not sign for venue 'gate-ws'; nothing was forwarded", answer);
        var written = Encoding.UTF8.GetString(answer.WrittenSpan);
        Assert.Contains(envelope, written, StringComparison.Ordinal);
        Assert.Contains("sidecar hsm_unavailable", written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CcxtOrder)]
    [InlineData(CcxtSubscribe)]
    public void Rebuilding_and_signing_a_frame_allocates_nothing_once_warm(string text)
    {
        var session = Open(Reference());
        var frame = new ClientFrame();
        var sent = Encoding.UTF8.GetBytes(text);
        using var output = new SignedRequest();
        var clock = new FrameClock(Sent * 1000, false);
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

    private static VenueCredentials Reference() => new("real-key", new ReferenceHmacKey(Encoding.ASCII.GetBytes(Secret), SignatureAlgorithm.HmacSha512));

    private static WebSocketSession Open(VenueCredentials credentials) => WebSocketSessions.Open("gate-v4", credentials, "/ws/v4/");

    private static OrderRead Orders(string sent)
    {
        var frame = new ClientFrame();
        var bytes = Encoding.UTF8.GetBytes(sent);
        Assert.True(Open(Reference()).TryRead(bytes, frame), frame.Error);
        return frame.Endpoint.ReadOrders([], bytes[frame.OrderJson], BodyFormat.Json);
    }

    private static (SignOutcome Outcome, ClientFrame Frame, SignedRequest Output) Rewrite(WebSocketSession session, string sent, long now, bool restamp = false) =>
        WebSocketSessions.Rewrite(session, sent, now, restamp);
}
