using System.Text;
using System.Text.Json;
using Sidecar.Signing;
using Sidecar.Signing.Kucoin;
using Sidecar.Signing.Policy;
using Sidecar.Signing.WebSockets;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Kucoin;

/// <summary>
/// KuCoin's push WebSocket: the bullet answer's endpoints point at Sidecar when a WebSocket venue for their host is
/// configured (and only then), and the frames ccxt sends (captured from ccxt 4.5.84 against the fake) are judged by type
/// and forwarded as they came; anything else is refused in KuCoin's error envelope.
/// </summary>
public sealed class KucoinWebSocketTests
{
    // ccxt 4.5.84 (js/src/pro/kucoin.js), captured: watchBalance, watchOrders, the keep-alive ping.
    private const string SubscribeBalance = """{"id":"1","type":"subscribe","topic":"/account/balance","response":true,"privateChannel":true}""";
    private const string SubscribeOrders = """{"id":"2","type":"subscribe","topic":"/spotMarket/tradeOrders","response":true,"privateChannel":true}""";
    private const string Ping = """{"id":"3","type":"ping"}""";

    // kucoin.com/docs-new "Get Private Token - Spot/Margin", response example (token shortened, '+' and '=' kept).
    private const string Bullet = """{"code":"200000","data":{"token":"2neAiuYvAU61ZDXANAGAsiL4-iAExhsBXZxftpOeh_55i3Ysy2q2LEsEWU64mdzUOPusi34M_wGoSf7iNyEWJ1UQy47YbpY4zVdzilNP-Bj3iXzrjjGlWtiYB9J6i9GjsxUuhPw3Blrz+F6ghq4Lzf7scStOz3KkxjwpsOBCH4=.WNQmhZQeUKIkh97KYgU0Lg==","instanceServers":[{"endpoint":"wss://ws-api-spot.kucoin.com/","encrypt":true,"protocol":"websocket","pingInterval":18000,"pingTimeout":10000}]}}""";

    [Fact]
    public void With_a_websocket_venue_for_the_push_host_the_endpoint_becomes_sidecars()
    {
        Uri? asked = null;
        var rewritten = RewriteBullet(Bullet, uri =>
        {
            asked = uri;
            return "ws://127.0.0.1:8080/kucoin-push/";
        });

        Assert.Equal(new Uri("wss://ws-api-spot.kucoin.com/"), asked);
        using var json = JsonDocument.Parse(rewritten!);
        var data = json.RootElement.GetProperty("data");
        var server = data.GetProperty("instanceServers")[0];
        Assert.Equal("ws://127.0.0.1:8080/kucoin-push/", server.GetProperty("endpoint").GetString());
        Assert.Equal(18000, server.GetProperty("pingInterval").GetInt32());

        // The token is read-only: it passes, byte for byte.
        using var original = JsonDocument.Parse(Bullet);
        Assert.Equal(original.RootElement.GetProperty("data").GetProperty("token").GetString(), data.GetProperty("token").GetString());
        Assert.Contains("Blrz+F6", rewritten, StringComparison.Ordinal);
        Assert.Contains("Lg==", rewritten, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Bullet)]
    [InlineData("""{"code":"400003","msg":"KC-API-KEY not exists"}""")]
    [InlineData("""{"code":"200000","data":{"token":"t"}}""")]
    [InlineData("""{"code":"200000","data":{"token":"t","instanceServers":[{"endpoint":"not a url"}]}}""")]
    [InlineData("not json")]
    public void Without_such_a_venue_or_an_endpoint_to_point_at_it_the_answer_passes_unchanged(string answer)
    {
        Assert.Null(RewriteBullet(answer, _ => null));
    }

    [Theory]
    [InlineData("POST", "/api/v1/bullet-private", EndpointCategory.Read)]
    [InlineData("POST", "/api/v1/bullet-public", EndpointCategory.Public)]
    public void Both_bullet_endpoints_have_their_answers_rewritten(string method, string path, EndpointCategory category)
    {
        var row = KucoinEndpoints.Table.Find(method, Encoding.ASCII.GetBytes(path));

        Assert.Equal(category, row.Category);
        Assert.Same(KucoinBullet.Instance, row.Answers);
    }

    [Theory]
    [InlineData(SubscribeBalance, "WS /subscribe", EndpointCategory.Read)]
    [InlineData(SubscribeOrders, "WS /subscribe", EndpointCategory.Read)]
    [InlineData("""{"id":"4","type":"unsubscribe","topic":"/spotMarket/tradeOrders","privateChannel":true,"response":true}""", "WS /unsubscribe", EndpointCategory.Read)]
    [InlineData(Ping, "WS /ping", EndpointCategory.Public)]
    [InlineData("""{"id":"5","action":"subscribe","channel":"balance","accountType":"unified"}""", "WS /subscribe", EndpointCategory.Read)]
    [InlineData("""{"id":"6","type":"openTunnel","newTunnelId":"bt1"}""", "* /**", EndpointCategory.Unknown)]
    public void Frames_are_judged_by_their_type_and_forwarded_as_they_came(string sent, string row, EndpointCategory category)
    {
        var frame = new ClientFrame();

        Assert.True(Open().TryRead(Encoding.UTF8.GetBytes(sent), frame), frame.Error);

        Assert.Equal(row, frame.Endpoint.Pattern.Text);
        Assert.Equal(category, frame.Endpoint.Category);
        Assert.Equal(FrameAction.Forward, frame.Action);
    }

    [Theory]
    [InlineData("""{"id":"1","type":"subscribe","type":"ping"}""", "twice")]
    [InlineData("""{"id":"1","type":"subscribe","action":"subscribe"}""", "one 'type'")]
    [InlineData("""{"id":"1","topic":"/account/balance"}""", "one 'type'")]
    [InlineData("""{"id":"1","type":7}""", "plain string")]
    [InlineData("""{"id":{},"type":"ping"}""", "'id'")]
    [InlineData("""["ping"]""", "JSON object")]
    [InlineData("ping", "not JSON")]
    public void Malformed_and_ambiguous_frames_are_refused(string sent, string reason)
    {
        var frame = new ClientFrame();

        Assert.False(Open().TryRead(Encoding.UTF8.GetBytes(sent), frame));

        Assert.Contains(reason, frame.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_is_kucoins_error_message_with_the_bots_id()
    {
        var session = Open();
        var frame = new ClientFrame();
        var sent = Encoding.UTF8.GetBytes(SubscribeOrders);
        Assert.True(session.TryRead(sent, frame));
        using var output = new ByteBuilder();

        session.WriteError(sent, frame, FrameError.PolicyDenied, "refused by the venue's Deny rule 'WS /subscribe' (rule: Deny 'WS /subscribe')", output);

        using var json = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal("2", json.RootElement.GetProperty("id").GetString());
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(4030, json.RootElement.GetProperty("code").GetInt32());
        Assert.StartsWith("sidecar policy_denied: refused by the venue's Deny rule", json.RootElement.GetProperty("data").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_a_frame_allocates_nothing_once_warm()
    {
        var session = Open();
        var frame = new ClientFrame();
        var sent = Encoding.UTF8.GetBytes(SubscribeOrders);
        for (var i = 0; i < 100; i++)
        {
            session.TryRead(sent, frame);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            session.TryRead(sent, frame);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string? RewriteBullet(string answer, Func<Uri, string?> webSocketUrlFor)
    {
        using var output = new ByteBuilder();
        var context = new AnswerContext(new VenueCredentials("k", new ReferenceHmacKey(new byte[32])), GuardsOrders: true, webSocketUrlFor);
        return KucoinBullet.Instance.TryRewrite(Encoding.UTF8.GetBytes(answer), context, output) ? Encoding.UTF8.GetString(output.WrittenSpan) : null;
    }

    private static WebSocketSession Open()
    {
        Assert.True(SigningSchemes.TryGet("kucoin", out var scheme));
        return scheme.Exchange.WebSocket.Open(new WebSocketSessionContext(scheme, new VenueCredentials("k", new ReferenceHmacKey(new byte[32])), "/"));
    }
}
