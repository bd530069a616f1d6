using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange.Okx.WebSocket;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Signing.WebSockets;
using Sidecar.Tests.Infrastructure;
using static Sidecar.Tests.Signing.WebSocketSessions;

namespace Sidecar.Tests.Signing.Okx;

/// <summary>
/// The OKX v5 WebSocket session: the login frame rebuilt with the real key, the passphrase, a timestamp in seconds from
/// the venue's clock and <c>base64(HMAC-SHA256(secret, ts + "GET" + "/users/self/verify"))</c>; order ops judged by op
/// and read for the guards (instId or instIdCode); <c>/ws/v5/public</c> passing through; OKX's error envelopes; the
/// passphrase kept out of OKX's echo of a request. OKX's docs give no worked signature (their example's secret is not
/// the one that signed it), so the known answer was computed with openssl and is checked against the fake's verifier.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class OkxWebSocketTests(SoftHsmToken token)
{
    private const string Secret = "0F3D5E7A9B1C2D4E6F8A0B2C4D6E8F0A";
    private const string Passphrase = "Real \"pass\\phrase\"!";
    private const long Now = 1796662069500;

    // printf '1796662069GET/users/self/verify' | openssl dgst -sha256 -hmac "0F3D5E7A9B1C2D4E6F8A0B2C4D6E8F0A" (hex here;
    // OKX sends its base64, which the secret scan would flag as a quoted 40+ character base64 literal).
    private const string KnownMacHex = "efb051b120e148b14a7ae66afaa3cf889747f95abf9ac9587cc192d600b4bf0c";

    private static readonly string KnownSign = Convert.ToBase64String(Convert.FromHexString(KnownMacHex));

    // Captured from ccxt 4.5.84 (websocket-venues.md §2.4) with placeholder credentials.
    private const string CcxtLogin = """{"op":"login","args":[{"apiKey":"placeholder-key","passphrase":"placeholder-passphrase","timestamp":"1796662069","sign":"g73tJX0em4="}]}""";
    private const string CcxtOrder = """{"id":"17966620801709117","op":"batch-orders","args":[{"instId":"BTC-USDT","side":"buy","ordType":"limit","sz":"0.001","tdMode":"cash","tgtCcy":"base_ccy","px":"50000","clOrdId":"e847386590ce4dBC","tag":"e847386590ce4dBC"}]}""";

    [Fact]
    public void The_captured_ccxt_login_is_rebuilt_with_the_real_key_passphrase_and_the_HSM_signature()
    {
        var label = TestSecrets.Label("okx-ws-kat");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(Secret));
        using var hsm = token.Connect();
        var session = Open("okx-v5", Credentials(hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256)), "/ws/v5/private");

        var (outcome, frame, output) = Rewrite(session, CcxtLogin, Now);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal((EndpointCategory.Read, FrameAction.Rebuild), (frame.Endpoint.Category, frame.Action));
        Assert.Equal("1796662069GET/users/self/verify", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        using var json = JsonDocument.Parse(output.Body.WrittenMemory);
        Assert.Equal("login", json.RootElement.GetProperty("op").GetString());
        var login = Assert.Single(json.RootElement.GetProperty("args").EnumerateArray());
        Assert.Equal(("real-key", Passphrase, "1796662069", KnownSign),
            (login.GetProperty("apiKey").GetString(), login.GetProperty("passphrase").GetString(), login.GetProperty("timestamp").GetString(), login.GetProperty("sign").GetString()));
        Assert.Equal(KnownSign, OkxWebSocketApi.Sign(Encoding.UTF8.GetBytes(Secret), "1796662069"));
        Assert.DoesNotContain("placeholder", Encoding.UTF8.GetString(output.Body.WrittenSpan), StringComparison.Ordinal);
        output.Dispose();
    }

    [Theory]
    [InlineData("1796662069")]   // the bot's own, current: still the venue's clock
    [InlineData("1538054050")]   // the docs' example, years old
    [InlineData("9999999999")]   // far ahead
    public void The_timestamp_always_comes_from_the_venues_clock_in_seconds(string sent)
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/business");

        var (_, _, output) = Rewrite(session, $$"""{"op":"login","args":[{"apiKey":"985d5b66-57ce-40fb-b714-afc0b9787083","passphrase":"123456","timestamp":"{{sent}}","sign":"bot-made-sign"}]}""", Now);

        Assert.Equal("1796662069GET/users/self/verify", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        output.Dispose();
    }

    [Fact]
    public void A_login_keeps_the_bots_id_and_is_rebuilt_in_okxs_order_of_fields()
    {
        var session = Open("okx-v5", Credentials(passphrase: "p4ss"), "/ws/v5/private");

        var (_, _, output) = Rewrite(session, """{"id":"l1","op":"login","args":[{"sign":"s","timestamp":1,"passphrase":"x","apiKey":"k"}]}""", Now);

        Assert.Equal($$"""{"id":"l1","op":"login","args":[{"apiKey":"real-key","passphrase":"p4ss","timestamp":"1796662069","sign":"{{KnownSign}}"}]}""", Encoding.UTF8.GetString(output.Body.WrittenSpan));
        output.Dispose();
    }

    [Theory]
    [InlineData("""{"op":"login","args":[{"apiKey":"a","passphrase":"p","timestamp":"1","sign":"s"},{"apiKey":"b","passphrase":"p","timestamp":"1","sign":"s"}]}""")] // OKX's batch login
    [InlineData("""{"op":"login","args":[{"apiKey":"a","passphrase":"p","timestamp":"1","sign":"s","type":"token"}]}""")]
    [InlineData("""{"op":"login","args":[{"apiKey":"a","passphrase":"p","timestamp":"1"}]}""")]
    [InlineData("""{"op":"login","args":[{"apiKey":"a","apiKey":"b","passphrase":"p","timestamp":"1","sign":"s"}]}""")]
    [InlineData("""{"op":"login","args":[{"apiKey":{"k":1},"passphrase":"p","timestamp":"1","sign":"s"}]}""")]
    [InlineData("""{"op":"login","args":["a","p","1","s"]}""")]
    [InlineData("""{"op":"login"}""")]
    public void A_login_in_any_other_shape_is_refused(string sent)
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/private");
        var frame = new ClientFrame();

        Assert.False(session.TryRead(Encoding.UTF8.GetBytes(sent), frame));

        Assert.Contains("'args' of login is one", frame.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_public_endpoint_takes_no_login_and_passes_everything_else_through_uninspected()
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/public");
        var frame = new ClientFrame();

        Assert.False(session.TryRead(Encoding.UTF8.GetBytes(CcxtLogin), frame));
        Assert.Contains("takes no login", frame.Error, StringComparison.Ordinal);
        var order = Read(session, CcxtOrder);
        Assert.Equal((EndpointCategory.Public, FrameAction.Forward), (order.Endpoint.Category, order.Action));
        Assert.Equal(EndpointCategory.Public, Read(session, """{"op":"subscribe","args":[{"channel":"tickers","instId":"BTC-USDT"}]}""").Endpoint.Category);
        Assert.False(session.InspectsServerMessages);
    }

    [Fact]
    public void The_plain_text_ping_passes_as_public()
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/private");

        var frame = Read(session, "ping");

        Assert.Equal((EndpointCategory.Public, FrameAction.Forward), (frame.Endpoint.Category, frame.Action));
        Assert.Equal("ping", Encoding.UTF8.GetString("ping"u8[frame.Method]));
    }

    [Fact]
    public void Frames_are_judged_by_op_public_before_login_and_by_the_method_table_after_it()
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/private");

        Assert.Equal(EndpointCategory.Public, Read(session, """{"op":"subscribe","args":[{"channel":"account"}]}""").Endpoint.Category);
        Assert.Equal(EndpointCategory.Public, Read(session, """{"id":"1","op":"somethingNew","args":[]}""").Endpoint.Category);
        Assert.Equal(EndpointCategory.Trade, Read(session, CcxtOrder).Endpoint.Category);

        Rewrite(session, CcxtLogin, Now).Output.Dispose();

        var subscribe = Read(session, """{"op":"subscribe","args":[{"channel":"orders","instType":"SPOT","instId":"BTC-USDT"}]}""");
        Assert.Equal((EndpointCategory.Read, FrameAction.Forward), (subscribe.Endpoint.Category, subscribe.Action));
        Assert.Equal(EndpointCategory.Unknown, Read(session, """{"id":"2","op":"somethingNew","args":[]}""").Endpoint.Category);
        var cancel = Read(session, """{"id":"3","op":"cancel-order","args":[{"instIdCode":10458,"ordId":"1"}],"expTime":"1796662080000"}""");
        Assert.Equal((EndpointCategory.Trade, FrameAction.Forward), (cancel.Endpoint.Category, cancel.Action));
    }

    [Theory]
    [InlineData("""{"id":"1","op":"order","args":[{"instId":"BTC-USDT","side":"buy","ordType":"limit","sz":"2","px":"50000"}]}""", "BTC-USDT")]
    [InlineData("""{"id":"1","op":"batch-orders","args":[{"instIdCode":10458,"side":"buy","ordType":"limit","sz":"2","px":"50000"}]}""", "10458")]
    [InlineData("""{"id":"1","op":"order","args":[{"side":"buy","ordType":"limit","sz":"2","px":"50000"}]}""", null)]
    public void The_order_guards_read_instId_or_else_the_instIdCode(string sent, string? symbol)
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/private");
        Rewrite(session, CcxtLogin, Now).Output.Dispose();

        var frame = Read(session, sent);

        var order = Assert.Single(frame.Endpoint.ReadOrders([], Encoding.UTF8.GetBytes(sent)[frame.OrderJson], BodyFormat.Json).Orders);
        Assert.Equal((symbol, 2m, 50000m), (order.Symbol, order.Quantity, order.Price));
    }

    [Fact]
    public void Every_order_of_an_op_is_read_even_where_okx_takes_one()
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/private");
        Rewrite(session, CcxtLogin, Now).Output.Dispose();
        const string sent = """{"id":"1","op":"order","args":[{"instId":"BTC-USDT","sz":"1","px":"1"},{"instId":"DOGE-USDT","sz":"1","px":"1"}]}""";

        var frame = Read(session, sent);

        Assert.Equal(["BTC-USDT", "DOGE-USDT"], frame.Endpoint.ReadOrders([], Encoding.UTF8.GetBytes(sent)[frame.OrderJson], BodyFormat.Json).Orders.Select(o => o.Symbol));
    }

    [Theory]
    [InlineData("""{"op":"subscribe","args":[],"apiKey":"k"}""", "only 'id', 'op', 'args' and 'expTime'")]
    [InlineData("""{"op":"order","args":[],"expTime":"1","expTime":"2"}""", "'expTime' is given twice")]
    [InlineData("""{"op":"order","args":[],"expTime":{}}""", "Unix time")]
    [InlineData("""{"id":"1","id":"2","op":"order","args":[]}""", "id is given twice")]
    [InlineData("""{"id":[1],"op":"order","args":[]}""", "a string, a number or null")]
    [InlineData("""{"id":"1","op":"batch-orders"}""", "needs its 'args'")]
    [InlineData("""pong""", "not JSON")]
    [InlineData(""" ping""", "not JSON")]
    public void Ambiguous_or_malformed_frames_are_refused_with_a_reason(string sent, string reason)
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/private");
        var frame = new ClientFrame();

        Assert.False(session.TryRead(Encoding.UTF8.GetBytes(sent), frame));

        Assert.Contains(reason, frame.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_op_with_an_id_is_answered_as_okx_answers_an_op()
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/private");
        var frame = Read(session, CcxtOrder);
        using var output = new ByteBuilder();

        session.WriteError(Encoding.UTF8.GetBytes(CcxtOrder), frame, FrameError.PolicyDenied, "price × quantity 50 is above MaxOrderNotional 10 (rule: MaxOrderNotional)", output);

        Assert.Equal("""{"id":"17966620801709117","op":"batch-orders","code":"4030","msg":"sidecar policy_denied: price \u00D7 quantity 50 is above MaxOrderNotional 10 (rule: MaxOrderNotional)","data":[]}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void A_refused_frame_without_an_id_is_answered_as_an_okx_error_event()
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/private");
        var frame = Read(session, CcxtLogin);
        using var output = new ByteBuilder();

        session.WriteError(Encoding.UTF8.GetBytes(CcxtLogin), frame, FrameError.HsmUnavailable, "the HSM could not sign for venue 'okx-ws'; nothing was forwarded", output);

        Assert.Equal("""{"event":"error","code":"5030","msg":"sidecar hsm_unavailable: the HSM could not sign for venue \u0027okx-ws\u0027; nothing was forwarded"}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void An_error_event_quoting_the_login_back_reaches_the_bot_without_the_passphrase()
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/private");
        Assert.True(session.InspectsServerMessages);
        var (_, _, login) = Rewrite(session, CcxtLogin, Now);
        var sent = Encoding.UTF8.GetString(login.Body.WrittenSpan);
        login.Dispose();
        // As OKX writes it: the request inside msg, its quotes and backslashes escaped once more.
        var echo = new System.Text.Json.Nodes.JsonObject { ["event"] = "error", ["msg"] = "Illegal request: " + sent, ["code"] = "60012", ["connId"] = "a4d3ae55" }
            .ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("Real \\\\\\\"pass\\\\\\\\phrase", echo, StringComparison.Ordinal);
        using var output = new ByteBuilder();

        Assert.Equal(ServerFrameAction.Rewritten, session.RewriteServerMessage(Encoding.UTF8.GetBytes(echo), output));

        var rewritten = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.DoesNotContain("Real", rewritten, StringComparison.Ordinal);
        var msg = JsonDocument.Parse(rewritten).RootElement.GetProperty("msg").GetString()!;
        Assert.Equal("***", JsonDocument.Parse(msg["Illegal request: ".Length..]).RootElement.GetProperty("args")[0].GetProperty("passphrase").GetString());
        Assert.Contains("\"code\":\"60012\"", rewritten, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"arg":{"channel":"orders"},"data":[{"clOrdId":"p4ss","tag":"p4ss"}]}""")]  // a push: not an error event
    [InlineData("""{"event":"error","code":"60011","msg":"Please log in","connId":"a"}""")]   // an error that quotes nothing
    public void Other_server_messages_pass_untouched(string message)
    {
        var session = Open("okx-v5", Credentials(passphrase: "p4ss"), "/ws/v5/private");
        using var output = new ByteBuilder();

        Assert.Equal(ServerFrameAction.Relay, session.RewriteServerMessage(Encoding.UTF8.GetBytes(message), output));
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void A_venue_without_a_passphrase_cannot_log_in()
    {
        var credentials = new VenueCredentials("real-key", new ReferenceHmacKey(Encoding.UTF8.GetBytes(Secret)));
        var session = Open("okx-v5", credentials, "/ws/v5/private");

        var (outcome, _, output) = Rewrite(session, CcxtLogin, Now);

        Assert.Equal(SignOutcome.Rejected, outcome);
        Assert.Contains("no passphrase", output.Error, StringComparison.Ordinal);
        Assert.False(session.InspectsServerMessages);
        output.Dispose();
    }

    [Theory]
    [InlineData("""{"id":"1","op":"batch-orders","code":"0","msg":"","data":[{"ordId":"9","sCode":"0"}],"inTime":"1","outTime":"2"}""", "\"1\"", 200)]
    [InlineData("""{"id":"2","op":"batch-orders","code":"2","msg":"","data":[]}""", "\"2\"", 207)]
    [InlineData("""{"code":"1","id":"3","op":"order","msg":"","data":[{"sCode":"51008"}]}""", "\"3\"", 400)]
    [InlineData("""{"id":"4","op":"order","code":"50001","msg":"Service temporarily unavailable","data":[]}""", "\"4\"", 503)]
    public void Replies_are_read_for_their_id_and_an_http_like_status(string reply, string id, int status)
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/private");

        Assert.True(session.TryReadReply(Encoding.UTF8.GetBytes(reply), out var readId, out var readStatus));

        Assert.Equal((id, status), (Encoding.UTF8.GetString(readId), readStatus));
    }

    [Theory]
    [InlineData("""{"event":"login","code":"0","msg":"","connId":"a4d3ae55"}""")]
    [InlineData("""{"arg":{"channel":"account","uid":"1"},"data":[{"totalEq":"1"}]}""")]
    public void Events_and_pushes_are_not_replies(string message)
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/private");

        Assert.False(session.TryReadReply(Encoding.UTF8.GetBytes(message), out _, out _));
    }

    [Fact]
    public void Reading_order_frames_and_rebuilding_a_login_allocate_nothing_once_warm()
    {
        var session = Open("okx-v5", Credentials(), "/ws/v5/private");
        var frame = new ClientFrame();
        var login = Encoding.UTF8.GetBytes(CcxtLogin);
        var order = Encoding.UTF8.GetBytes(CcxtOrder);
        using var output = new SignedRequest();
        var clock = new FrameClock(Now, false);
        Assert.Equal(0, AllocatedBy(Run));

        void Run()
        {
            Assert.True(session.TryRead(login, frame));
            session.Rewrite(login, frame, clock, output);
            Assert.True(session.TryRead(order, frame));
            Assert.True(session.TryRead("ping"u8, frame));
        }
    }

    private static VenueCredentials Credentials(ISigningKey? key = null, string passphrase = Passphrase)
    {
        Assert.True(SigningSchemes.TryGet("okx-v5", out var scheme));
        var credentials = new VenueCredentials("real-key", key ?? new ReferenceHmacKey(Encoding.UTF8.GetBytes(Secret)), passphrase);
        scheme.Prepare(credentials);
        return credentials;
    }
}
