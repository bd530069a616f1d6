using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Gate;
using Sidecar.FakeExchange.Gate.WebSocket;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Gate;

/// <summary>
/// Policy over Gate's WebSockets, with a raw bot through Sidecar to the fake Gate: orders outside the guards (over
/// MaxOrderNotional, outside Symbols, futures orders the guards cannot read) and trading on a read-only venue are
/// answered in Gate's own envelope with the bot's req_id, never reach the exchange, and leave the connection open;
/// what passes reaches Gate rebuilt with the real key and a signature the fake verifies.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class GateWebSocketPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private GateAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        _account = await GateAccount.CreateAsync(token);
        var guarded = _account.WebSocketVenue();
        guarded["Policy"] = new JsonObject { ["Symbols"] = new JsonArray("BTC_USDT"), ["MaxOrderNotional"] = 1000 };
        var readOnly = _account.WebSocketVenue();
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["gate-ws"] = guarded,
            ["gate-futures-ws"] = guarded.DeepClone(),
            ["gate-futures-open"] = _account.WebSocketVenue(),
            ["gate-ws-readonly"] = readOnly,
        }));
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Orders_outside_the_guards_are_answered_in_gates_envelope_and_never_reach_gate()
    {
        await using var bot = await ConnectAsync("/gate-ws/ws/v4/");
        var login = await CallAsync(bot, Api("spot.login", "login-1", "{}"));
        Assert.Equal("200", Status(login));

        var big = await CallAsync(bot, Api("spot.order_place", "big-1", Order("BTC_USDT", "0.1", "50000")));
        var doge = await CallAsync(bot, Api("spot.order_place", "doge-1", Order("DOGE_USDT", "10", "0.1")));
        var good = await CallAsync(bot, Api("spot.order_place", "ok-1", Order("BTC_USDT", "0.002", "50000")));

        AssertRefused(big, "403", "SIDECAR_POLICY_DENIED", "MaxOrderNotional");
        AssertRefused(doge, "403", "SIDECAR_POLICY_DENIED", "Symbols");
        Assert.Equal("200", Status(good));
        Assert.Equal("BTC_USDT", good.RootElement.GetProperty("data").GetProperty("result").GetProperty("currency_pair").GetString());

        var frames = _account.Exchange.WebSockets.Frames;
        Assert.Equal([("spot.login", "\"login-1\""), ("spot.order_place", "\"ok-1\"")], frames.Select(f => (f.Method, f.Id)));
        Assert.All(frames, f => Assert.Equal((SignatureCheck.Valid, _account.ApiKey, null), (f.Signature, f.ApiKey, f.Error)));
        Assert.Equal(2, _sidecar.Signs);
        AssertNoSecretsLogged();
    }

    [Fact]
    public async Task Futures_orders_the_guards_cannot_read_are_refused_and_a_futures_subscribe_names_the_user_id()
    {
        await using var bot = await ConnectAsync("/gate-futures-ws/v4/ws/usdt");

        var subscribe = await CallAsync(bot, $$"""{"id":11,"time":{{Now}},"channel":"futures.balances","event":"subscribe","payload":["{{FakeGate.UserId}}"]}""", "\"id\":11");
        var order = await CallAsync(bot, Api("futures.order_place", "f-1", """{"contract":"BTC_USDT","size":1,"price":"50000"}"""));

        Assert.Equal("success", subscribe.RootElement.GetProperty("result").GetProperty("status").GetString());
        AssertRefused(order, "403", "SIDECAR_POLICY_DENIED", "not inspected");
        var balance = JsonDocument.Parse(await bot.ReceiveTextAsync(m => m.Contains("\"event\":\"update\"", StringComparison.Ordinal)));
        Assert.Equal("futures.balances", balance.RootElement.GetProperty("channel").GetString());
        var seen = Assert.Single(_account.Exchange.WebSockets.Frames);
        Assert.Equal(("futures.balances", SignatureCheck.Valid, _account.ApiKey), (seen.Method, seen.Signature, seen.ApiKey));
    }

    [Fact]
    public async Task Without_guards_a_futures_login_and_order_reach_gate_signed_with_the_real_key()
    {
        await using var bot = await ConnectAsync("/gate-futures-open/v4/ws/usdt");

        var login = await CallAsync(bot, Api("futures.login", "fl-1", "{}"));
        var order = await CallAsync(bot, Api("futures.order_place", "fo-1", """{"contract":"BTC_USDT","size":-3,"price":"50000","tif":"gtc","text":"t-f"}"""));

        Assert.Equal(("200", "200"), (Status(login), Status(order)));
        Assert.Equal(-3, order.RootElement.GetProperty("data").GetProperty("result").GetProperty("size").GetInt32());
        var frames = _account.Exchange.WebSockets.Frames;
        Assert.Equal(["futures.login", "futures.order_place"], frames.Select(f => f.Method));
        Assert.All(frames, f => Assert.Equal((SignatureCheck.Valid, _account.ApiKey, null), (f.Signature, f.ApiKey, f.Error)));
        Assert.All(frames, f => Assert.Equal(FakeGateWebSockets.FuturesPath, f.Path));
    }

    [Fact]
    public async Task A_read_only_venue_subscribes_to_its_account_but_never_trades()
    {
        await using var bot = await ConnectAsync("/gate-ws-readonly/ws/v4/");

        var subscribe = await CallAsync(bot, $$"""{"id":5,"time":{{Now}},"channel":"spot.balances","event":"subscribe","auth":{"method":"api_key","KEY":"placeholder-key","SIGN":"bot-made"} }""", "\"id\":5");
        var order = await CallAsync(bot, Api("spot.order_place", "ro-1", Order("BTC_USDT", "0.002", "50000")));
        var refusedSubscribe = await CallAsync(bot, $$"""{"id":6,"time":{{Now}},"channel":"spot.unknown_private","event":"subscribe","auth":{"method":"api_key","KEY":"k","SIGN":"s"} }""", "\"id\":6");

        Assert.Equal("success", subscribe.RootElement.GetProperty("result").GetProperty("status").GetString());
        AssertRefused(order, "403", "SIDECAR_POLICY_DENIED", "read-only");
        Assert.Equal(4030, refusedSubscribe.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("fail", refusedSubscribe.RootElement.GetProperty("result").GetProperty("status").GetString());
        var seen = Assert.Single(_account.Exchange.WebSockets.Frames);
        Assert.Equal(("spot.balances", SignatureCheck.Valid, _account.ApiKey), (seen.Method, seen.Signature, seen.ApiKey));
        Assert.DoesNotContain("bot-made", seen.Frame, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_frame_is_a_bad_request_in_gates_envelope_and_the_connection_stays_open()
    {
        await using var bot = await ConnectAsync("/gate-ws/ws/v4/");

        var duplicate = await CallAsync(bot, """{"id":"dup-1","time":1,"channel":"spot.order_place","event":"api","payload":{"req_id":"dup-1","req_param":{},"req_param":{"amount":"9"}}}""", "dup-1");
        var ping = await CallAsync(bot, $$"""{"time":{{Now}},"channel":"spot.ping"}""", "spot.pong");

        AssertRefused(duplicate, "400", "SIDECAR_BAD_REQUEST", "twice");
        Assert.Equal("spot.pong", ping.RootElement.GetProperty("channel").GetString());
        Assert.Equal(["spot.ping"], _account.Exchange.WebSockets.Frames.Select(f => f.Method));
    }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static string Order(string pair, string amount, string price) =>
        $$"""{"currency_pair":"{{pair}}","type":"limit","account":"spot","side":"buy","amount":"{{amount}}","price":"{{price}}","text":"t-raw"}""";

    /// <summary>A WebSocket API frame as ccxt sends it, with placeholder credentials and a bot-made signature.</summary>
    private static string Api(string channel, string requestId, string parameters)
    {
        var now = Now.ToString(CultureInfo.InvariantCulture);
        return $$"""{"id":"{{requestId}}","time":{{now}},"channel":"{{channel}}","event":"api","payload":{"req_id":"{{requestId}}","timestamp":"{{now}}","api_key":"placeholder-key","signature":"bot-made","req_param":""" + parameters + "}}";
    }

    /// <summary>Sends a frame and returns the answer that names it (an api answer by its request_id, skipping acks).</summary>
    private static async Task<JsonDocument> CallAsync(TextWebSocketClient bot, string frame, string? marker = null)
    {
        await bot.SendAsync(frame);
        if (marker is null)
        {
            using var sent = JsonDocument.Parse(frame);
            var requestId = sent.RootElement.GetProperty("payload").GetProperty("req_id").GetString()!;
            return JsonDocument.Parse(await bot.ReceiveTextAsync(m => m.Contains($"\"request_id\":\"{requestId}\"", StringComparison.Ordinal) && !m.Contains("\"ack\":true", StringComparison.Ordinal)));
        }

        return JsonDocument.Parse(await bot.ReceiveTextAsync(m => m.Contains(marker, StringComparison.Ordinal)));
    }

    private static string? Status(JsonDocument answer) => answer.RootElement.GetProperty("header").GetProperty("status").GetString();

    private static void AssertRefused(JsonDocument answer, string status, string label, string reason)
    {
        Assert.Equal(status, Status(answer));
        var errs = answer.RootElement.GetProperty("data").GetProperty("errs");
        Assert.Equal(label, errs.GetProperty("label").GetString());
        Assert.Contains(reason, errs.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private void AssertNoSecretsLogged()
    {
        var logs = _sidecar.Logs.All;
        Assert.DoesNotContain(_account.Secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, logs, StringComparison.Ordinal);
    }

    private Task<TextWebSocketClient> ConnectAsync(string path) =>
        TextWebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{_sidecar.ProxyAddress.Port}{path}"));
}
