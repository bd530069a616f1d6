using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.WebSockets;

/// <summary>
/// The WebSocket relay on the real Kestrel listener, in front of a scripted upstream: admission, the 1:1 pump,
/// policy refusals answered in Binance's envelope, close codes both ways, and every limit.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class RelayTests(SoftHsmToken token) : IAsyncLifetime
{
    private ScriptedWebSocketUpstream _upstream = null!;
    private SidecarUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        _upstream = await ScriptedWebSocketUpstream.StartAsync();
        var label = TestSecrets.Label("ws-relay");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var venue = new JsonObject
        {
            ["Scheme"] = "binance-hmac",
            ["Upstream"] = _upstream.BaseAddress.ToString().TrimEnd('/'),
            ["ApiKey"] = "real-key-id",
            ["Key"] = label,
            ["Hosts"] = new JsonArray("ws-api.binance.com"),
            ["Policy"] = new JsonObject { ["Symbols"] = new JsonArray("BTCUSDT") },
        };
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance-ws"] = venue });
        config["Limits"] = new JsonObject { ["MaxWebSocketMessageBytes"] = 4096, ["MaxWebSocketBufferBytes"] = 65536, ["MaxWebSocketConnections"] = 4 };
        _sidecar = await SidecarUnderTest.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Frames_are_relayed_both_ways_to_the_configured_upstream_with_path_and_query()
    {
        using var bot = await ConnectAsync("/binance-ws/ws-api/v3?returnRateLimits=false");
        var upstream = await _upstream.NextConnectionAsync();

        await SendAsync(bot, """{"id":"1","method":"ping"}""");
        Assert.Equal("""{"id":"1","method":"ping"}""", await upstream.ReceiveAsync());
        await upstream.SendAsync("""{"id":"1","status":200,"result":{}}""");
        Assert.Equal("""{"id":"1","status":200,"result":{}}""", await ReceiveAsync(bot));
        Assert.Equal("/ws-api/v3?returnRateLimits=false", Assert.Single(_upstream.Targets));
    }

    [Fact]
    public async Task A_signed_request_reaches_the_upstream_rebuilt_with_the_real_key_and_a_signature()
    {
        using var bot = await ConnectAsync("/binance-ws/ws-api/v3");
        var upstream = await _upstream.NextConnectionAsync();

        await SendAsync(bot, $$$"""{"id":"o1","method":"order.place","params":{"apiKey":"placeholder-key","symbol":"BTCUSDT","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"0.001","price":"50000","timestamp":{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}},"signature":"deadbeef"}}""");

        using var forwarded = JsonDocument.Parse(await upstream.ReceiveAsync());
        var parameters = forwarded.RootElement.GetProperty("params");
        Assert.Equal("real-key-id", parameters.GetProperty("apiKey").GetString());
        Assert.Matches("^[0-9a-f]{64}$", parameters.GetProperty("signature").GetString());
        Assert.NotEqual("deadbeef", parameters.GetProperty("signature").GetString());
        Assert.Equal("o1", forwarded.RootElement.GetProperty("id").GetString());
        Assert.Equal(1, _sidecar.Signs);
    }

    [Fact]
    public async Task A_policy_refusal_answers_in_binances_envelope_forwards_nothing_and_keeps_the_connection()
    {
        using var bot = await ConnectAsync("/binance-ws/ws-api/v3");
        var upstream = await _upstream.NextConnectionAsync();

        await SendAsync(bot, """{"id":"x9","method":"order.place","params":{"apiKey":"placeholder-key","symbol":"DOGEUSDT","side":"BUY","type":"LIMIT","quantity":"1","price":"1","signature":"s"}}""");

        using var answer = JsonDocument.Parse(await ReceiveAsync(bot));
        Assert.Equal("x9", answer.RootElement.GetProperty("id").GetString());
        Assert.Equal(403, answer.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(4030, answer.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("sidecar policy_denied", answer.RootElement.GetProperty("error").GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Contains("Symbols", answer.RootElement.GetProperty("error").GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _sidecar.Signs);

        // Still open: the next frame goes through, and it is the first thing the upstream saw.
        await SendAsync(bot, """{"id":"2","method":"ping"}""");
        Assert.Equal("""{"id":"2","method":"ping"}""", await upstream.ReceiveAsync());
    }

    [Theory]
    [InlineData("""{"id":1,"method":"order.place","params":{"symbol":"BTCUSDT","symbol":"ETHUSDT"}}""")]
    [InlineData("""{"id":1,"method":"order.place","params":{"signature":"abc"}}""")]
    [InlineData("""not json""")]
    public async Task Ambiguous_or_malformed_frames_get_a_bad_request_frame_and_are_never_forwarded(string sent)
    {
        using var bot = await ConnectAsync("/binance-ws/ws-api/v3");
        var upstream = await _upstream.NextConnectionAsync();

        await SendAsync(bot, sent);

        using var answer = JsonDocument.Parse(await ReceiveAsync(bot));
        Assert.Equal(400, answer.RootElement.GetProperty("status").GetInt32());
        Assert.StartsWith("sidecar bad_request", answer.RootElement.GetProperty("error").GetProperty("msg").GetString(), StringComparison.Ordinal);
        await SendAsync(bot, """{"id":"after","method":"ping"}""");
        Assert.Equal("""{"id":"after","method":"ping"}""", await upstream.ReceiveAsync());
    }

    [Theory]
    [InlineData("/wss://ws-api.binance.com/ws-api/v3?returnRateLimits=false")]
    [InlineData("/wss%3A%2F%2Fws-api.binance.com%2Fws-api%2Fv3%3FreturnRateLimits%3Dfalse")]
    public async Task A_prefixed_exchange_url_selects_the_venue_by_its_host_and_goes_to_the_configured_upstream(string target)
    {
        using var bot = await ConnectAsync(target);
        var upstream = await _upstream.NextConnectionAsync();

        await SendAsync(bot, """{"id":"1","method":"ping"}""");
        Assert.Equal("""{"id":"1","method":"ping"}""", await upstream.ReceiveAsync());
        Assert.Equal("/ws-api/v3?returnRateLimits=false", Assert.Single(_upstream.Targets));
    }

    [Fact]
    public async Task A_prefixed_url_of_a_host_no_venue_names_is_refused_with_404()
    {
        using var bot = new ClientWebSocket();

        var failure = await Assert.ThrowsAsync<WebSocketException>(() => bot.ConnectAsync(Url("/wss://stream.example.com/ws"), CancellationToken.None));

        Assert.Contains("404", failure.Message + failure.InnerException?.Message, StringComparison.Ordinal);
        Assert.Empty(_upstream.Targets);
    }

    [Fact]
    public async Task An_upgrade_with_an_Origin_header_is_refused_before_any_upstream_connection()
    {
        using var bot = new ClientWebSocket();
        bot.Options.SetRequestHeader("Origin", "https://evil.example");

        var failure = await Assert.ThrowsAsync<WebSocketException>(() => bot.ConnectAsync(Url("/binance-ws/ws-api/v3"), CancellationToken.None));

        Assert.Contains("403", failure.Message + failure.InnerException?.Message, StringComparison.Ordinal);
        Assert.Empty(_upstream.Targets);
    }

    [Fact]
    public async Task A_plain_request_to_a_websocket_venue_is_refused()
    {
        using var response = await _sidecar.Client.GetAsync("/binance-ws/ws-api/v3");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("WebSocket venue", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compression_is_never_negotiated_on_either_leg()
    {
        using var bot = new ClientWebSocket();
        bot.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        await bot.ConnectAsync(Url("/binance-ws/ws-api/v3"), CancellationToken.None);
        await _upstream.NextConnectionAsync();

        Assert.Null(bot.HttpResponseHeaders?.GetValueOrDefault("Sec-WebSocket-Extensions"));
        Assert.False(Assert.Single(_upstream.Upgrades).ContainsKey("Sec-WebSocket-Extensions"));
    }

    [Fact]
    public async Task The_upstreams_close_code_reaches_the_bot()
    {
        using var bot = await ConnectAsync("/binance-ws/ws-api/v3");
        var upstream = await _upstream.NextConnectionAsync();

        await upstream.CloseAsync((WebSocketCloseStatus)4001, "session expired");

        var (status, _) = await ReceiveCloseAsync(bot);
        Assert.Equal((WebSocketCloseStatus)4001, status);
    }

    [Fact]
    public async Task An_upstream_that_drops_closes_the_bot_with_1014()
    {
        using var bot = await ConnectAsync("/binance-ws/ws-api/v3");
        var upstream = await _upstream.NextConnectionAsync();

        upstream.Drop();

        var (status, _) = await ReceiveCloseAsync(bot);
        Assert.Equal((WebSocketCloseStatus)1014, status);
    }

    [Fact]
    public async Task The_bots_close_closes_the_upstream_with_the_same_code()
    {
        using var bot = await ConnectAsync("/binance-ws/ws-api/v3");
        var upstream = await _upstream.NextConnectionAsync();

        await bot.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await upstream.Closed.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_message_over_the_limit_closes_the_connection_with_1009_and_nothing_is_forwarded()
    {
        using var bot = await ConnectAsync("/binance-ws/ws-api/v3");
        var upstream = await _upstream.NextConnectionAsync();

        // Sent in fragments: reassembled before judging, and refused once over Limits:MaxWebSocketMessageBytes.
        var big = Encoding.UTF8.GetBytes("{\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" + new string('a', 5000) + "\"}}");
        await bot.SendAsync(big.AsMemory(0, 3000), WebSocketMessageType.Text, false, CancellationToken.None);
        await bot.SendAsync(big.AsMemory(3000), WebSocketMessageType.Text, true, CancellationToken.None);

        var (status, _) = await ReceiveCloseAsync(bot);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
        Assert.True(upstream.NothingReceived);
    }

    [Fact]
    public async Task Binary_frames_close_with_1003_and_invalid_utf8_with_1007()
    {
        using (var bot = await ConnectAsync("/binance-ws/ws-api/v3"))
        {
            await _upstream.NextConnectionAsync();
            await bot.SendAsync("{}"u8.ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
            Assert.Equal(WebSocketCloseStatus.InvalidMessageType, (await ReceiveCloseAsync(bot)).Status);
        }

        using (var bot = await ConnectAsync("/binance-ws/ws-api/v3"))
        {
            await _upstream.NextConnectionAsync();
            await bot.SendAsync(new byte[] { 0x7B, 0xFF, 0xFE, 0x7D }, WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, (await ReceiveCloseAsync(bot)).Status);
        }
    }

    [Fact]
    public async Task A_bot_that_stops_reading_is_closed_with_1013_once_its_buffer_is_full()
    {
        using var bot = await ConnectAsync("/binance-ws/ws-api/v3");
        var upstream = await _upstream.NextConnectionAsync();

        // 64 KiB budget; the kernel's socket buffers take some first, so push far more than both.
        var frame = new string('x', 16 * 1024);
        var pushed = 0;
        while (upstream.Socket.State == WebSocketState.Open && pushed < 4096)
        {
            try
            {
                await upstream.SendAsync(frame).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is WebSocketException or TimeoutException)
            {
                break;
            }

            pushed++;
        }

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await upstream.Closed.WaitAsync(TimeSpan.FromSeconds(20)));
        var (status, _) = await ReceiveCloseAsync(bot, skipData: true);
        Assert.Equal((WebSocketCloseStatus)1013, status);
    }

    [Fact]
    public async Task Connections_over_the_limit_are_refused_with_503()
    {
        var open = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                open.Add(await ConnectAsync("/binance-ws/ws-api/v3"));
                await _upstream.NextConnectionAsync();
            }

            using var fifth = new ClientWebSocket();
            var failure = await Assert.ThrowsAsync<WebSocketException>(() => fifth.ConnectAsync(Url("/binance-ws/ws-api/v3"), CancellationToken.None));
            Assert.Contains("503", failure.Message + failure.InnerException?.Message, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var socket in open)
            {
                socket.Dispose();
            }
        }
    }

    private Uri Url(string path) => new($"ws://127.0.0.1:{_sidecar.ProxyAddress.Port}{path}");

    private async Task<ClientWebSocket> ConnectAsync(string path)
    {
        var bot = new ClientWebSocket();
        await bot.ConnectAsync(Url(path), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        return bot;
    }

    private static Task SendAsync(WebSocket bot, string text) => BotWebSocket.SendTextAsync(bot, text);

    private static Task<string> ReceiveAsync(WebSocket bot) => BotWebSocket.ReceiveTextAsync(bot);

    private static async Task<(WebSocketCloseStatus? Status, string? Reason)> ReceiveCloseAsync(WebSocket bot, bool skipData = false)
    {
        var buffer = new byte[1 << 16];
        while (true)
        {
            var result = await bot.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (bot.CloseStatus, bot.CloseStatusDescription);
            }

            Assert.True(skipData, "expected a close, got data");
        }
    }
}
