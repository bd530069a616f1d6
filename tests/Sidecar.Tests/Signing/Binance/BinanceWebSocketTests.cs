using System.Text;
using System.Text.Json;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Signing.WebSockets;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Binance;

/// <summary>
/// The Binance WebSocket API session: frames read, judged by method, rebuilt with the real key and signed over the
/// documented payload (all params but the signature, sorted by name, each value its JSON text).
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BinanceWebSocketTests(SoftHsmToken token)
{
    private const string DocsSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private const string DocsKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private const long DocsTimestamp = 1645423376532;

    // web-socket-api.md, "SIGNED request example (HMAC)": order.place with these params.
    private const string DocsFrame = """{"id":"4885f793-e5ad-4c3b-8f6c-55d891472b71","method":"order.place","params":{"symbol":"BTCUSDT","side":"SELL","type":"LIMIT","timeInForce":"GTC","quantity":"0.01000000","price":"52000.00","recvWindow":100,"timestamp":1645423376532,"apiKey":"placeholder-key","signature":"cc15477742bd704c29492d96c7ead9414dfd8e0ec4a00f947bb5bb454ddbd08a"}}""";

    [Fact]
    public void Binances_documented_order_place_signs_to_the_documented_signature_in_SoftHSM()
    {
        var label = TestSecrets.Label("ws-kat");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(DocsSecret));
        using var hsm = token.Connect();
        var session = Open(new VenueCredentials(DocsKey, hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256)));

        var (outcome, frame, output) = Rewrite(session, DocsFrame, DocsTimestamp + 50);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(
            "apiKey=" + DocsKey + "&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT",
            Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        using var json = JsonDocument.Parse(output.Body.WrittenMemory);
        var parameters = json.RootElement.GetProperty("params");
        Assert.Equal("aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24", parameters.GetProperty("signature").GetString());
        Assert.Equal(DocsKey, parameters.GetProperty("apiKey").GetString());
        Assert.Equal("4885f793-e5ad-4c3b-8f6c-55d891472b71", json.RootElement.GetProperty("id").GetString());
        Assert.Equal("order.place", json.RootElement.GetProperty("method").GetString());
        Assert.Equal(EndpointCategory.Trade, frame.Endpoint.Category);
        output.Dispose();
    }

    [Fact]
    public void The_placeholder_key_and_the_bots_signature_never_survive_and_values_keep_their_json_text()
    {
        var session = Open(Reference());
        const string sent = """{"id":1,"method":"order.place","params":{"apiKey":"placeholder-key","newClientOrderId":"x-\u0041b","recvWindow":10000,"returnRateLimits":false,"price":"50000","quantity":"0.001","side":"BUY","symbol":"BTCUSDT","timeInForce":"GTC","type":"LIMIT","timestamp":1796662086073,"signature":"05c4"}}""";

        var (outcome, _, output) = Rewrite(session, sent, 1796662086073 + 10);

        Assert.Equal(SignOutcome.Signed, outcome);
        var text = Encoding.UTF8.GetString(output.Body.WrittenSpan);
        Assert.DoesNotContain("placeholder", text, StringComparison.Ordinal);
        Assert.DoesNotContain("05c4", text, StringComparison.Ordinal);
        Assert.StartsWith("""{"id":1,"method":"order.place","params":{"apiKey":"real-key","newClientOrderId":"x-\u0041b",""", text, StringComparison.Ordinal);
        Assert.Equal(
            "apiKey=real-key&newClientOrderId=x-Ab&price=50000&quantity=0.001&recvWindow=10000&returnRateLimits=false&side=BUY&symbol=BTCUSDT&timeInForce=GTC&timestamp=1796662086073&type=LIMIT",
            Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        output.Dispose();
    }

    [Theory]
    [InlineData(1796662086073, 1796662086073 + 200, false, 1796662086073)]        // inside the window: kept
    [InlineData(1796662086073, 1796662086073 + 20_000, false, 1796662106073)]     // older than recvWindow 10 s: restamped
    [InlineData(1796662086073, 1796662086073 - 5_000, false, 1796662081073)]      // ahead by more than 1 s: restamped
    [InlineData(1796662086073, 1796662086073 + 200, true, 1796662086273)]         // Clock:Restamp: always the venue's clock
    public void The_bots_timestamp_is_kept_inside_its_window_and_replaced_outside_it(long sent, long now, bool restamp, long expected)
    {
        var session = Open(Reference());
        var frame = $$$"""{"id":"a","method":"userDataStream.subscribe.signature","params":{"apiKey":"k","recvWindow":10000,"timestamp":{{{sent}}},"signature":"x"}}""";

        var (outcome, _, output) = Rewrite(session, frame, now, restamp);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Contains($"timestamp={expected}", Encoding.UTF8.GetString(output.Prehash.WrittenSpan), StringComparison.Ordinal);
        output.Dispose();
    }

    [Fact]
    public void An_unsigned_request_to_a_signed_method_is_signed_as_over_REST()
    {
        var session = Open(Reference());

        var (outcome, frame, output) = Rewrite(session, """{"id":"7","method":"account.status","params":{}}""", 1_800_000_000_000);

        Assert.Equal(FrameAction.Rebuild, frame.Action);
        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal("apiKey=real-key&timestamp=1800000000000", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        output.Dispose();
    }

    [Theory]
    [InlineData("""{"id":"1","method":"ping"}""", "ping")]
    [InlineData("""{"id":2,"method":"time","params":{}}""", "time")]
    [InlineData("""{"id":3,"method":"depth","params":{"symbol":"BTCUSDT","limit":5}}""", "depth")]
    [InlineData("""{"id":4,"method":"someNewPublicThing","params":{"x":1}}""", "someNewPublicThing")]
    public void Frames_that_carry_no_credentials_and_need_none_pass_through_as_they_came(string sent, string method)
    {
        var session = Open(Reference());
        var frame = new ClientFrame();

        Assert.True(session.TryRead(Encoding.UTF8.GetBytes(sent), frame));

        Assert.Equal(FrameAction.Forward, frame.Action);
        Assert.Equal(EndpointCategory.Public, frame.Endpoint.Category);
        Assert.Equal(method, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(sent)[frame.Method]));
    }

    [Fact]
    public void An_unknown_method_that_carries_credentials_is_unlisted_and_so_refused_by_every_profile()
    {
        var session = Open(Reference());
        var frame = new ClientFrame();

        Assert.True(session.TryRead("""{"id":1,"method":"sapi.withdraw","params":{"apiKey":"k","signature":"s"}}"""u8, frame));

        Assert.Equal(EndpointCategory.Unknown, frame.Endpoint.Category);
    }

    [Theory]
    [InlineData("""{"id":1,"method":"order.place","params":{"symbol":"BTCUSDT","symbol":"ETHUSDT"}}""", "twice")]
    [InlineData("""{"id":1,"method":"order.place","params":{"signature":"abc","symbol":"BTCUSDT"}}""", "without an 'apiKey'")]
    [InlineData("""{"id":1,"method":"order.place","params":{"symbol":"BTC""", "not JSON")]
    [InlineData("""[1,2]""", "JSON object")]
    [InlineData("""{"id":1,"method":"order.place","params":[]}""", "must be an object")]
    [InlineData("""{"id":1,"method":"order.place","params":{},"extra":true}""", "only 'id', 'method' and 'params'")]
    [InlineData("""{"id":1,"id":2,"method":"ping"}""", "twice")]
    [InlineData("""{"id":1,"params":{}}""", "no 'method'")]
    [InlineData("""{"id":1,"method":"ping","params":{"apiKey":"k","signature":"s"}}""", "not SIGNED")]
    [InlineData("""{"id":1,"method":"order.place","params":{"sym\u0062ol":"BTCUSDT"}}""", "escapes")]
    public void Ambiguous_or_malformed_frames_are_refused_with_a_reason(string sent, string reason)
    {
        var session = Open(Reference());
        var frame = new ClientFrame();

        Assert.False(session.TryRead(Encoding.UTF8.GetBytes(sent), frame));

        Assert.Contains(reason, frame.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_answers_in_binances_envelope_with_the_bots_id_and_a_code_binance_never_uses()
    {
        var session = Open(Reference());
        var frame = new ClientFrame();
        var sent = """{"id":"abc-1","method":"order.place","params":{"symbol":"DOGEUSDT"}}"""u8.ToArray();
        Assert.True(session.TryRead(sent, frame));
        using var output = new ByteBuilder();

        session.WriteError(sent, frame, FrameError.PolicyDenied, "symbol 'DOGEUSDT' is not in the venue's Symbols (rule: Symbols)", output);

        using var json = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal("abc-1", json.RootElement.GetProperty("id").GetString());
        Assert.Equal(403, json.RootElement.GetProperty("status").GetInt32());
        Assert.True(json.RootElement.GetProperty("error").GetProperty("code").GetInt32() > 0);
        Assert.StartsWith("sidecar policy_denied: symbol 'DOGEUSDT'", json.RootElement.GetProperty("error").GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_logon_frames_without_credentials_are_judged_by_their_method()
    {
        var session = Open(Reference());
        var frame = new ClientFrame();
        var logon = """{"id":1,"method":"session.logon","params":{"apiKey":"k","timestamp":1800000000000,"signature":"s"}}"""u8.ToArray();
        Assert.True(session.TryRead(logon, frame));
        using var output = new SignedRequest();
        Assert.Equal(SignOutcome.Signed, session.Rewrite(logon, frame, new FrameClock(1_800_000_000_000, false), output));

        Assert.True(session.TryRead("""{"id":2,"method":"someNewThing","params":{}}"""u8, frame));
        Assert.Equal(EndpointCategory.Unknown, frame.Endpoint.Category);
        Assert.True(session.TryRead("""{"id":3,"method":"order.place","params":{"symbol":"BTCUSDT"}}"""u8, frame));
        Assert.Equal(EndpointCategory.Trade, frame.Endpoint.Category);
    }

    [Fact]
    public void Replies_are_read_for_their_id_and_status()
    {
        var session = Open(Reference());

        Assert.True(session.TryReadReply("""{"id":"abc","status":400,"error":{"code":-1013,"msg":"x"}}"""u8, out var id, out var status));
        Assert.Equal("\"abc\"", Encoding.UTF8.GetString(id));
        Assert.Equal(400, status);
        Assert.False(session.TryReadReply("""{"subscriptionId":0,"event":{"e":"executionReport"}}"""u8, out _, out _));
    }

    [Fact]
    public void Rebuilding_and_signing_a_frame_allocates_nothing_once_warm()
    {
        var session = Open(Reference());
        var frame = new ClientFrame();
        var sent = Encoding.UTF8.GetBytes(DocsFrame);
        using var output = new SignedRequest();
        var clock = new FrameClock(DocsTimestamp + 50, false);
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

    private static VenueCredentials Reference() => new("real-key", new ReferenceHmacKey(Encoding.UTF8.GetBytes(DocsSecret)));

    private static WebSocketSession Open(VenueCredentials credentials) => WebSocketSessions.Open("binance-hmac", credentials, "/ws-api/v3");

    private static (SignOutcome Outcome, ClientFrame Frame, SignedRequest Output) Rewrite(WebSocketSession session, string sent, long now, bool restamp = false) =>
        WebSocketSessions.Rewrite(session, sent, now, restamp);
}
