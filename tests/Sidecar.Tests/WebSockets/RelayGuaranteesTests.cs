using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.EndToEnd;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.WebSockets;

/// <summary>
/// The REST guarantees, kept over WebSocket, against the fake Binance (REST and WebSocket API on one server, one key):
/// one rate budget per key whichever the transport, one audit chain with the exchange's answer, HSM loss answered in
/// Binance's envelope and nothing forwarded, and open connections in /readyz.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class RelayGuaranteesTests(SoftHsmToken token) : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sidecar-wsg-").FullName;

    [Fact]
    public async Task Orders_over_websocket_draw_from_the_rest_venues_order_budget()
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        var rest = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.binance.com");
        rest["Policy"] = new JsonObject { ["OrdersPer10Seconds"] = 2 };
        await using var sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = rest,
            ["binance-ws"] = WebSocketVenue(account),
        }));

        using var overRest = await sidecar.Client.PostAsync("/binance/api/v3/order", Order());
        Assert.Equal(HttpStatusCode.OK, overRest.StatusCode);
        using var bot = await ConnectAsync(sidecar);
        await SendAsync(bot, PlaceOrder("a"));
        using (var first = JsonDocument.Parse(await ReceiveAsync(bot)))
        {
            Assert.Equal(200, first.RootElement.GetProperty("status").GetInt32());
        }

        await SendAsync(bot, PlaceOrder("b"));
        using var third = JsonDocument.Parse(await ReceiveAsync(bot));

        Assert.Equal("b", third.RootElement.GetProperty("id").GetString());
        Assert.Equal(429, third.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(4290, third.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("OrdersPer10Seconds", third.RootElement.GetProperty("error").GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Single(account.Exchange.WebSocketRequests, f => f.Method == "order.place");
    }

    [Fact]
    public async Task Every_signed_frame_and_refusal_is_audited_in_the_rest_chain_with_the_exchanges_answer()
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        var auditPath = Path.Combine(_directory, "audit.log");
        var ws = WebSocketVenue(account);
        ws["Policy"] = new JsonObject { ["Symbols"] = new JsonArray("BTCUSDT") };
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance-ws"] = ws });
        config["Audit"] = new JsonObject { ["Path"] = auditPath };
        await using (var sidecar = await SidecarUnderTest.StartAsync(config))
        {
            using var bot = await ConnectAsync(sidecar);
            await SendAsync(bot, PlaceOrder("ok-1"));
            await ReceiveAsync(bot);
            await SendAsync(bot, PlaceOrder("no-1", symbol: "DOGEUSDT"));
            await ReceiveAsync(bot);
            await bot.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            await Eventually.UntilAsync(() => File.Exists(auditPath) && File.ReadAllLines(auditPath).Length >= 4, "four audit lines (signed, answered, refused, the connection)");
        }

        var records = File.ReadAllLines(auditPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var signed = Assert.Single(records, r => r.GetProperty("decision").GetString() == "signed");
        Assert.Equal("WS", signed.GetProperty("method").GetString());
        Assert.Equal("/ws-api/v3 order.place", signed.GetProperty("path").GetString());
        Assert.Equal("\"ok-1\"", signed.GetProperty("requestId").GetString());
        Assert.Equal("BTCUSDT", signed.GetProperty("order").GetProperty("symbol").GetString());
        Assert.Matches("^[0-9a-f]{64}$", signed.GetProperty("signedSha256").GetString());
        Assert.Equal("default", signed.GetProperty("hsm").GetString());
        var answered = Assert.Single(records, r => r.GetProperty("decision").GetString() == "answered");
        Assert.Equal("\"ok-1\"", answered.GetProperty("requestId").GetString());
        Assert.Equal(signed.GetProperty("seq").GetInt64(), answered.GetProperty("ref").GetInt64());
        Assert.True(answered.GetProperty("seq").GetInt64() > signed.GetProperty("seq").GetInt64());
        Assert.Equal(200, answered.GetProperty("upstreamStatus").GetInt32());
        Assert.Equal("ok", answered.GetProperty("outcome").GetString());
        var refused = Assert.Single(records, r => r.GetProperty("decision").GetString() == "refused");
        Assert.Equal("Symbols", refused.GetProperty("rule").GetString());
        Assert.Equal("\"no-1\"", refused.GetProperty("requestId").GetString());
        Assert.True(Sidecar.Audit.AuditChain.Verify(auditPath).Ok);
        Assert.DoesNotContain(account.ApiKey, File.ReadAllText(auditPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_hsm_gone_a_frame_gets_hsm_unavailable_in_binances_envelope_and_nothing_is_forwarded()
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        var socket = Path.Combine(token.Directory, $"p11-{Guid.NewGuid():N}.sock");
        using var server = P11KitServer.Start(socket);
        NativeEnvironment.Set("P11_KIT_SERVER_ADDRESS", "unix:path=" + socket);
        await using var sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject { ["binance-ws"] = WebSocketVenue(account) }, RepoPaths.P11KitClientModule));
        using var bot = await ConnectAsync(sidecar);

        server.Kill();
        await SendAsync(bot, PlaceOrder("h1"));
        using var answer = JsonDocument.Parse(await ReceiveAsync(bot));

        Assert.Equal("h1", answer.RootElement.GetProperty("id").GetString());
        Assert.Equal(503, answer.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(5030, answer.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Empty(account.Exchange.WebSocketRequests);

        // The connection stays open: a frame that needs no signature still goes through.
        await SendAsync(bot, """{"id":"p","method":"ping"}""");
        using var pong = JsonDocument.Parse(await ReceiveAsync(bot));
        Assert.Equal(200, pong.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Readiness_reports_the_open_websocket_connections()
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        await using var sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject { ["binance-ws"] = WebSocketVenue(account) }));
        using var bot = await ConnectAsync(sidecar);

        using var ready = await sidecar.Admin.GetAsync("/readyz");
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;

        Assert.Equal(1, body["websockets"]!["open"]!.GetValue<int>());
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static JsonObject WebSocketVenue(BinanceAccount account) => new()
    {
        ["Scheme"] = "binance-hmac",
        ["Upstream"] = $"ws://127.0.0.1:{account.Exchange.BaseAddress.Port}",
        ["ApiKey"] = account.ApiKey,
        ["Key"] = account.KeyLabel,
    };

    private static StringContent Order() =>
        new("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000", Encoding.ASCII, "application/x-www-form-urlencoded");

    private static string PlaceOrder(string id, string symbol = "BTCUSDT") =>
        $$$"""{"id":"{{{id}}}","method":"order.place","params":{"apiKey":"placeholder","symbol":"{{{symbol}}}","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"20000","timestamp":{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}}}}""";

    private static async Task<ClientWebSocket> ConnectAsync(SidecarUnderTest sidecar)
    {
        var bot = new ClientWebSocket();
        await bot.ConnectAsync(new Uri($"ws://127.0.0.1:{sidecar.ProxyAddress.Port}/binance-ws/ws-api/v3?returnRateLimits=false"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        return bot;
    }

    private static Task SendAsync(WebSocket bot, string text) => BotWebSocket.SendTextAsync(bot, text);

    /// <summary>The next reply (a frame with a status), skipping user-data events.</summary>
    private static async Task<string> ReceiveAsync(WebSocket bot)
    {
        while (true)
        {
            var text = await BotWebSocket.ReceiveTextAsync(bot);
            if (text.Contains("\"status\"", StringComparison.Ordinal))
            {
                return text;
            }
        }
    }
}
