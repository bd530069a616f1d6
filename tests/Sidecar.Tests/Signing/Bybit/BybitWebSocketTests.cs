using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange.Bybit.WebSocket;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Signing.WebSockets;
using Sidecar.Tests.Infrastructure;
using static Sidecar.Tests.Signing.WebSocketSessions;

namespace Sidecar.Tests.Signing.Bybit;

/// <summary>
/// The Bybit v5 WebSocket session: the auth frame rebuilt with the real key, an <c>expires</c> from the venue's clock
/// and <c>hex(HMAC-SHA256(secret, "GET/realtime" + expires))</c>; trade frames judged by op, their orders read for the
/// guards, their <c>X-BAPI-TIMESTAMP</c> replaced only when stale; Bybit's two error envelopes. Bybit's docs give no
/// worked signature, so the known answer was computed with openssl and is checked against the fake's own verifier.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BybitWebSocketTests(SoftHsmToken token)
{
    private const string Secret = "bybit-ws-test-secret-0123456789ab";
    private const long Now = 1796662079083;

    // printf 'GET/realtime1796662089083' | openssl dgst -sha256 -hmac "bybit-ws-test-secret-0123456789ab"
    private const string KnownSignature = "1e069c2fbe63920711f1d7214a3de21d8f6af39e5e4a2cf72b09ab876e57428e";

    // Captured from ccxt 4.5.84 (websocket-venues.md §2.3) with placeholder credentials.
    private const string CcxtAuth = """{"op":"auth","args":["placeholder-key","1796662079083","408f1c0ffee7560"]}""";
    private const string CcxtOrder = """{"op":"order.create","reqId":"1","args":[{"symbol":"BTCUSDT","side":"Buy","orderType":"Limit","price":"50000","category":"spot","qty":"0.001"}],"header":{"X-BAPI-TIMESTAMP":"1796662080168","X-BAPI-RECV-WINDOW":"5000"}}""";

    [Fact]
    public void The_captured_ccxt_auth_frame_is_rebuilt_with_the_real_key_a_fresh_expires_and_the_HSM_signature()
    {
        var label = TestSecrets.Label("bybit-ws-kat");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(Secret));
        using var hsm = token.Connect();
        var session = Open("bybit-v5", new VenueCredentials("real-key", hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256)), "/v5/private");

        var (outcome, frame, output) = Rewrite(session, CcxtAuth, Now);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal((EndpointCategory.Read, FrameAction.Rebuild), (frame.Endpoint.Category, frame.Action));
        Assert.Equal("GET/realtime1796662089083", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        Assert.Equal($$"""{"op":"auth","args":["real-key","1796662089083","{{KnownSignature}}"]}""", Encoding.UTF8.GetString(output.Body.WrittenSpan));
        Assert.Equal(KnownSignature, BybitWebSocketApi.Signature(Encoding.UTF8.GetBytes(Secret), "1796662089083"));
        output.Dispose();
    }

    [Fact]
    public void Bybits_documented_auth_example_keeps_expires_a_number_and_the_bots_request_id()
    {
        var session = Open("bybit-v5", Reference(), "/v5/trade");

        var (outcome, _, output) = Rewrite(session, """{"reqId":"a-1","op":"auth","args":["XXXXXX",1711010121452,"ec71040eff72b163a36153d770b69d6637bcb29348fbfbb16c269a76595ececf"]}""", Now);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal($$"""{"reqId":"a-1","op":"auth","args":["real-key",1796662089083,"{{KnownSignature}}"]}""", Encoding.UTF8.GetString(output.Body.WrittenSpan));
        output.Dispose();
    }

    [Theory]
    [InlineData(Now + 10_000)]      // the bot's own, sane: still the venue's clock
    [InlineData(Now + 86_400_000)]  // a day ahead: a replayable signature Sidecar never makes
    [InlineData(1)]                 // long past
    public void Expires_always_comes_from_the_venues_clock(long sent)
    {
        var session = Open("bybit-v5", Reference(), "/v5/private");

        var (_, _, output) = Rewrite(session, $$"""{"req_id":"x","op":"auth","args":["k","{{sent}}","s"]}""", Now);

        Assert.Equal("GET/realtime" + (Now + 10_000), Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        output.Dispose();
    }

    [Theory]
    [InlineData("\"1796662080168\"", "5000", Now + 1_000, false, "\"1796662080168\"")]       // inside the window: forwarded as it came
    [InlineData("\"1796662080168\"", "5000", Now + 10_000, false, "\"1796662089083\"")]      // older than recv_window: the venue's clock
    [InlineData("\"1796662080168\"", "10000", Now + 10_000, false, "\"1796662080168\"")]     // the bot's own recv_window counts
    [InlineData("\"1796662080168\"", "5000", Now - 1_000, false, "\"1796662078083\"")]       // 1 s or more ahead: the venue's clock
    [InlineData("\"1796662080168\"", "5000", Now + 1_000, true, "\"1796662080083\"")]        // Clock:Restamp: always the venue's clock
    [InlineData("1796662080168", "5000", Now + 10_000, false, "1796662089083")]               // a number stays a number
    [InlineData("\"17966620801x8\"", "5000", Now + 1_000, false, "\"1796662080083\"")]       // not a time: the venue's clock
    public void The_trade_header_timestamp_follows_the_venues_clock_only_when_stale(string sent, string window, long now, bool restamp, string expected)
    {
        var session = Open("bybit-v5", Reference(), "/v5/trade");
        var order = $$"""{"reqId":"1","header":{"X-BAPI-TIMESTAMP":{{sent}},"X-BAPI-RECV-WINDOW":"{{window}}"},"op":"order.create","args":[{"symbol":"BTCUSDT","side":"Buy","orderType":"Limit","qty":"0.001","price":"50000","category":"spot"}]}""";

        var (outcome, frame, output) = Rewrite(session, order, now, restamp);

        Assert.Equal((SignOutcome.PassThrough, EndpointCategory.Trade), (outcome, frame.Endpoint.Category));
        Assert.Equal(order.Replace(sent, expected, StringComparison.Ordinal), Encoding.UTF8.GetString(output.Body.WrittenSpan));
        Assert.Null(output.SignedBy);
        output.Dispose();
    }

    [Fact]
    public void Frames_are_judged_by_op_public_before_auth_and_by_the_method_table_after_it()
    {
        var session = Open("bybit-v5", Reference(), "/v5/private");

        Assert.Equal(EndpointCategory.Public, Read(session, """{"req_id":"1","op":"subscribe","args":["wallet"]}""").Endpoint.Category);
        var early = Read(session, CcxtOrder);
        Assert.Equal((EndpointCategory.Trade, FrameAction.Rebuild), (early.Endpoint.Category, early.Action));

        Rewrite(session, CcxtAuth, Now).Output.Dispose();

        var subscribe = Read(session, """{"req_id":"2","op":"subscribe","args":["order","wallet"]}""");
        Assert.Equal((EndpointCategory.Read, FrameAction.Forward), (subscribe.Endpoint.Category, subscribe.Action));
        Assert.Equal(EndpointCategory.Public, Read(session, """{"req_id":"3","op":"ping"}""").Endpoint.Category);
        Assert.Equal(EndpointCategory.Unknown, Read(session, """{"req_id":"4","op":"withdraw","args":[{"coin":"BTC"}]}""").Endpoint.Category);
    }

    [Fact]
    public void Before_auth_an_unknown_op_acts_on_no_account_and_passes_as_public()
    {
        var session = Open("bybit-v5", Reference(), "/v5/private");

        var frame = Read(session, """{"op":"somethingNew","args":[]}""");

        Assert.Equal((EndpointCategory.Public, FrameAction.Forward), (frame.Endpoint.Category, frame.Action));
    }

    [Fact]
    public void The_order_guards_read_every_order_of_create_and_create_batch_and_refuse_to_guess_amendments()
    {
        var session = Open("bybit-v5", Reference(), "/v5/trade");
        Rewrite(session, CcxtAuth, Now).Output.Dispose();
        var message = Encoding.UTF8.GetBytes(CcxtOrder);

        var frame = Read(session, CcxtOrder);
        var single = Assert.Single(frame.Endpoint.ReadOrders([], message[frame.OrderJson], BodyFormat.Json).Orders);
        Assert.Equal(("BTCUSDT", "Buy", "Limit", 0.001m, 50000m), (single.Symbol, single.Side, single.Type, single.Quantity, single.Price));

        const string batch = """{"reqId":"2","header":{"X-BAPI-TIMESTAMP":"1796662080168"},"op":"order.create-batch","args":[{"category":"spot","request":[{"symbol":"BTCUSDT","side":"Buy","orderType":"Limit","qty":"0.001","price":"50000"},{"symbol":"ETHUSDT","side":"Sell","orderType":"Limit","qty":"2","price":"4000"}]}]}""";
        frame = Read(session, batch);
        var orders = frame.Endpoint.ReadOrders([], Encoding.UTF8.GetBytes(batch)[frame.OrderJson], BodyFormat.Json).Orders;
        Assert.Equal(["BTCUSDT", "ETHUSDT"], orders.Select(o => o.Symbol));

        const string amend = """{"reqId":"3","header":{"X-BAPI-TIMESTAMP":"1796662080168"},"op":"order.amend","args":[{"symbol":"BTCUSDT","orderId":"1","qty":"5"}]}""";
        frame = Read(session, amend);
        Assert.NotNull(frame.Endpoint.ReadOrders([], Encoding.UTF8.GetBytes(amend)[frame.OrderJson], BodyFormat.Json).UnreadableReason);
    }

    [Fact]
    public void Public_streams_take_no_auth_and_pass_everything_else_through()
    {
        var session = Open("bybit-v5", Reference(), "/v5/public/spot");
        var frame = new ClientFrame();

        Assert.False(session.TryRead(Encoding.UTF8.GetBytes(CcxtAuth), frame));
        Assert.Contains("takes no login", frame.Error, StringComparison.Ordinal);
        var order = Read(session, CcxtOrder);
        Assert.Equal((EndpointCategory.Public, FrameAction.Forward), (order.Endpoint.Category, order.Action));
        Assert.Equal(EndpointCategory.Public, Read(session, """{"req_id":"1","op":"subscribe","args":["orderbook.50.BTCUSDT"]}""").Endpoint.Category);
    }

    [Theory]
    [InlineData("""not json""", "not JSON")]
    [InlineData("""["op","auth"]""", "JSON object")]
    [InlineData("""{"op":"subscribe","op":"ping"}""", "'op' is given twice")]
    [InlineData("""{"op":"subscribe","args":[],"args":[]}""", "'args' is given twice")]
    [InlineData("""{"req_id":"1","reqId":"2","op":"ping"}""", "id is given twice")]
    [InlineData("""{"op":"ping","apiKey":"k"}""", "only 'req_id' or 'reqId', 'op', 'args' and 'header'")]
    [InlineData("""{"o\u0070":"ping"}""", "escapes")]
    [InlineData("""{"op":1}""", "plain string")]
    [InlineData("""{"args":["wallet"]}""", "no 'op'")]
    [InlineData("""{"op":"subscribe","args":"wallet"}""", "must be an array")]
    [InlineData("""{"op":"order.create","header":{"X-BAPI-SIGN":"s"},"args":[]}""", "X-BAPI-TIMESTAMP, X-BAPI-RECV-WINDOW and Referer")]
    [InlineData("""{"op":"order.create","header":{},"header":{},"args":[]}""", "'header' is given twice")]
    [InlineData("""{"op":"order.create","header":{"X-BAPI-TIMESTAMP":"1","X-BAPI-TIMESTAMP":"2"},"args":[]}""", "given twice")]
    [InlineData("""{"op":"auth","args":["k","1"]}""", "[apiKey, expires, signature]")]
    [InlineData("""{"op":"auth","args":["k",1,"s","extra"]}""", "[apiKey, expires, signature]")]
    [InlineData("""{"op":"auth","args":[{"apiKey":"k"},1,"s"]}""", "[apiKey, expires, signature]")]
    [InlineData("""{"op":"auth"}""", "[apiKey, expires, signature]")]
    [InlineData("""{"op":"order.create","header":{"X-BAPI-TIMESTAMP":"1"}}""", "needs its 'args'")]
    [InlineData("""{"op":"ping"} {}""", "not JSON")]
    public void Ambiguous_or_malformed_frames_are_refused_with_a_reason(string sent, string reason)
    {
        var session = Open("bybit-v5", Reference(), "/v5/trade");
        var frame = new ClientFrame();

        Assert.False(session.TryRead(Encoding.UTF8.GetBytes(sent), frame));

        Assert.Contains(reason, frame.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_trade_frame_is_answered_as_bybits_order_entry_answers_with_the_bots_reqId()
    {
        var session = Open("bybit-v5", Reference(), "/v5/trade");
        var (json, _) = Error(session, """{"reqId":"abc-1","header":{"X-BAPI-TIMESTAMP":"1"},"op":"order.create","args":[{"symbol":"DOGEUSDT"}]}""", FrameError.PolicyDenied);

        Assert.Equal("abc-1", json.GetProperty("reqId").GetString());
        Assert.Equal(4030, json.GetProperty("retCode").GetInt32());
        Assert.StartsWith("sidecar policy_denied: symbol", json.GetProperty("retMsg").GetString(), StringComparison.Ordinal);
        Assert.Equal("order.create", json.GetProperty("op").GetString());
        Assert.Equal(JsonValueKind.Object, json.GetProperty("data").ValueKind);
    }

    [Theory]
    [InlineData("""{"req_id":"7","op":"subscribe","args":["wallet"]}""", "req_id", "\"7\"")]
    [InlineData("""{"reqId":7,"op":"subscribe","args":["wallet"]}""", "reqId", "7")]
    [InlineData("""{"op":"subscribe","args":["wallet"]}""", null, null)]
    public void A_refused_stream_frame_is_answered_as_bybits_private_stream_answers_with_the_bots_id(string sent, string? idName, string? id)
    {
        var session = Open("bybit-v5", Reference(), "/v5/private");
        var (json, text) = Error(session, sent, FrameError.RateLimited);

        Assert.False(json.GetProperty("success").GetBoolean());
        Assert.Equal(4290, json.GetProperty("retCode").GetInt32());
        Assert.StartsWith("sidecar rate_limited:", json.GetProperty("ret_msg").GetString(), StringComparison.Ordinal);
        Assert.Equal("subscribe", json.GetProperty("op").GetString());
        if (idName is null)
        {
            Assert.DoesNotContain("req_id", text, StringComparison.Ordinal);
            Assert.DoesNotContain("reqId", text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(id, json.GetProperty(idName).GetRawText());
        }
    }

    [Fact]
    public void A_malformed_frame_is_answered_without_an_op()
    {
        var session = Open("bybit-v5", Reference(), "/v5/private");
        var frame = new ClientFrame();
        var sent = "nonsense"u8.ToArray();
        Assert.False(session.TryRead(sent, frame));
        using var output = new ByteBuilder();

        session.WriteError(sent, frame, FrameError.BadRequest, frame.Error!, output);

        Assert.Equal("""{"success":false,"ret_msg":"sidecar bad_request: the frame is not JSON","retCode":4000,"conn_id":""}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Theory]
    [InlineData("""{"reqId":"1","retCode":0,"retMsg":"OK","op":"order.create","data":{"orderId":"9"},"header":{},"connId":"c"}""", "\"1\"", 200)]
    [InlineData("""{"retCode":170131,"reqId":"2","retMsg":"Insufficient balance.","op":"order.create","data":{}}""", "\"2\"", 400)]
    [InlineData("""{"reqId":"3","retCode":10016,"retMsg":"Server error","op":"order.create"}""", "\"3\"", 503)]
    [InlineData("""{"success":true,"ret_msg":"","conn_id":"c","req_id":"4","op":"subscribe"}""", "\"4\"", 200)]
    [InlineData("""{"success":false,"ret_msg":"error:x","conn_id":"c","req_id":"5","op":"subscribe"}""", "\"5\"", 400)]
    public void Replies_are_read_for_their_id_and_an_http_like_status(string reply, string id, int status)
    {
        var session = Open("bybit-v5", Reference(), "/v5/trade");

        Assert.True(session.TryReadReply(Encoding.UTF8.GetBytes(reply), out var readId, out var readStatus));

        Assert.Equal((id, status), (Encoding.UTF8.GetString(readId), readStatus));
    }

    [Fact]
    public void Pushes_are_not_replies()
    {
        var session = Open("bybit-v5", Reference(), "/v5/private");

        Assert.False(session.TryReadReply("""{"id":"592324","topic":"order","creationTime":1672364262474,"data":[{"orderId":"1"}]}"""u8, out _, out _));
    }

    [Fact]
    public void Reading_and_restamping_a_trade_frame_and_rebuilding_an_auth_allocate_nothing_once_warm()
    {
        var session = Open("bybit-v5", Reference(), "/v5/trade");
        var frame = new ClientFrame();
        var auth = Encoding.UTF8.GetBytes(CcxtAuth);
        var order = Encoding.UTF8.GetBytes(CcxtOrder);
        using var output = new SignedRequest();
        var clock = new FrameClock(Now + 60_000, false);
        Assert.Equal(0, AllocatedBy(Run));

        void Run()
        {
            Assert.True(session.TryRead(auth, frame));
            session.Rewrite(auth, frame, clock, output);
            Assert.True(session.TryRead(order, frame));
            session.Rewrite(order, frame, clock, output);
        }
    }

    private static VenueCredentials Reference() => new("real-key", new ReferenceHmacKey(Encoding.UTF8.GetBytes(Secret)));

    private static (JsonElement Json, string Text) Error(WebSocketSession session, string sent, FrameError error)
    {
        var bytes = Encoding.UTF8.GetBytes(sent);
        var frame = Read(session, sent);
        using var output = new ByteBuilder();
        session.WriteError(bytes, frame, error, "symbol 'DOGEUSDT' is not in the venue's Symbols (rule: Symbols)", output);
        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        return (JsonDocument.Parse(text).RootElement.Clone(), text);
    }
}
