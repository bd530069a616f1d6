using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bitfinex;

/// <summary>
/// Bitfinex's WebSocket through Sidecar with a raw bot (ccxt has no order inputs for Bitfinex): the auth event reaches
/// the fake rebuilt with the real key and a valid signature, its <c>dms:4</c> and <c>filter</c> as the bot sent them;
/// order inputs outside the guards, inputs the guards cannot read, funding offers and trading on a read-only venue are
/// answered as Bitfinex error notifications with the bot's cid and never reach the exchange; the connection stays
/// open and what passes is placed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BitfinexWebSocketPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string Filter = """["trading","wallet","balance"]""";

    private readonly string _directory = Directory.CreateTempSubdirectory("sidecar-bitfinex-ws-").FullName;
    private BitfinexAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private string AuditPath => Path.Combine(_directory, "audit.log");

    public async Task InitializeAsync()
    {
        _account = await BitfinexAccount.CreateAsync(token);
        var guarded = _account.WebSocketVenue();
        guarded["Policy"] = new JsonObject { ["Symbols"] = new JsonArray("tBTCUSD"), ["MaxOrderNotional"] = 1000 };
        var readOnly = _account.WebSocketVenue();
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["bitfinex-ws"] = guarded,
            ["bitfinex-ws-readonly"] = readOnly,
        });
        config["Audit"] = new JsonObject { ["Path"] = AuditPath };
        _sidecar = await SidecarUnderTest.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_auth_event_keeps_dms_and_filter_and_orders_outside_the_guards_never_reach_bitfinex()
    {
        await using (var bot = await ConnectAsync("/bitfinex-ws/ws/2"))
        {
            await AuthenticateAsync(bot);

            var good = await InputAsync(bot, "on", """{"type":"EXCHANGE LIMIT","symbol":"tBTCUSD","amount":"0.002","price":"50000","cid":1}""");
            var big = await InputAsync(bot, "on", """{"type":"EXCHANGE LIMIT","symbol":"tBTCUSD","amount":"0.5","price":"50000","cid":2}""");
            var eth = await InputAsync(bot, "on", """{"type":"EXCHANGE LIMIT","symbol":"tETHUSD","amount":"0.1","price":"3000","cid":3}""");
            var update = await InputAsync(bot, "ou", """{"id":1,"amount":"5","cid":4}""");
            var funding = await InputAsync(bot, "fon", """{"type":"LIMIT","symbol":"fUSD","amount":"100","rate":"0.001","period":2,"cid":5}""");

            Assert.Equal("SUCCESS", good[2][6].GetString());
            AssertRefused(big, "on-req", 2, "MaxOrderNotional");
            AssertRefused(eth, "on-req", 3, "Symbols");
            AssertRefused(update, "ou-req", 4, "not inspected");
            AssertRefused(funding, "fon-req", 5, "transfer");
            Assert.Single(_account.Exchange.OpenOrders());
        }

        var frames = _account.Exchange.WebSockets.Frames;
        Assert.Equal([("auth", (string?)null), ("on", "1")], frames.Select(f => (f.Method, f.Id)));
        var auth = frames[0];
        Assert.Equal((SignatureCheck.Valid, _account.ApiKey, null), (auth.Signature, auth.ApiKey, auth.Error));
        using var sent = JsonDocument.Parse(auth.Frame);
        Assert.Equal(4, sent.RootElement.GetProperty("dms").GetInt32());
        Assert.Equal(Filter, sent.RootElement.GetProperty("filter").GetRawText());
        Assert.DoesNotContain("placeholder", auth.Frame, StringComparison.Ordinal);

        // dms:4 as sent: when the bot's connection closes, Sidecar closes Bitfinex's, and the order is cancelled.
        await Eventually.UntilAsync(() => _account.Exchange.OpenOrders().Count == 0, "the dead-man switch to cancel the order");
        Assert.Equal(1, _sidecar.Signs);
        var logs = _sidecar.Logs.All;
        Assert.DoesNotContain(_account.Secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_auth_the_orders_placed_and_the_orders_refused_are_audited_in_one_chain()
    {
        await using (var bot = await ConnectAsync("/bitfinex-ws/ws/2"))
        {
            await AuthenticateAsync(bot);
            await InputAsync(bot, "on", """{"type":"EXCHANGE LIMIT","symbol":"tBTCUSD","amount":"0.002","price":"50000","cid":21}""");
            await InputAsync(bot, "on", """{"type":"EXCHANGE LIMIT","symbol":"tBTCUSD","amount":"1","price":"50000","cid":22}""");
        }

        await _sidecar.FlushAuditAsync();
        var records = File.ReadAllLines(AuditPath).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("method").GetString() == "WS" && r.GetProperty("decision").GetString() != "answered").ToList();
        Assert.Equal(
            [("/ws/2 auth", "signed"), ("/ws/2 on", "forwarded"), ("/ws/2 on", "refused")],
            records.Select(r => (r.GetProperty("path").GetString(), r.GetProperty("decision").GetString())));
        Assert.Equal(64, records[0].GetProperty("signedSha256").GetString()!.Length);
        Assert.Equal(("21", "tBTCUSD"), (records[1].GetProperty("requestId").GetString(), records[1].GetProperty("order").GetProperty("symbol").GetString()));
        Assert.Equal(("22", "MaxOrderNotional"), (records[2].GetProperty("requestId").GetString(), records[2].GetProperty("rule").GetString()));
        Assert.DoesNotContain(_account.ApiKey, File.ReadAllText(AuditPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_venue_authenticates_but_never_places_an_order()
    {
        await using var bot = await ConnectAsync("/bitfinex-ws-readonly/ws/2");
        await AuthenticateAsync(bot);

        var order = await InputAsync(bot, "on", """{"type":"EXCHANGE LIMIT","symbol":"tBTCUSD","amount":"0.002","price":"50000","cid":9}""");
        var cancel = await InputAsync(bot, "oc", """{"id":1,"cid":10}""");

        AssertRefused(order, "on-req", 9, "read-only");
        AssertRefused(cancel, "oc-req", 10, "read-only");
        Assert.Equal(["auth"], _account.Exchange.WebSockets.Frames.Select(f => f.Method));
    }

    [Fact]
    public async Task Token_auth_and_credentials_outside_the_auth_event_are_bad_requests()
    {
        await using var bot = await ConnectAsync("/bitfinex-ws/ws/2");

        await bot.SendAsync("""{"event":"auth","authToken":"bot-held-token"}""");
        using var refused = JsonDocument.Parse(await bot.ReceiveTextAsync(m => m.Contains("\"auth\"", StringComparison.Ordinal)));
        await bot.SendAsync("""{"event":"subscribe","channel":"book","symbol":"tBTCUSD","apiKey":"placeholder-key"}""");
        using var misplaced = JsonDocument.Parse(await bot.ReceiveTextAsync(m => m.Contains("\"error\"", StringComparison.Ordinal)));

        Assert.Equal(("FAILED", 4000), (refused.RootElement.GetProperty("status").GetString(), refused.RootElement.GetProperty("code").GetInt32()));
        Assert.Contains("authToken", refused.RootElement.GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Equal(4000, misplaced.RootElement.GetProperty("code").GetInt32());
        Assert.Empty(_account.Exchange.WebSockets.Frames);
    }

    /// <summary>A bot's auth event with placeholder credentials and a millisecond nonce (as ccxt), dms and a filter.</summary>
    private static async Task AuthenticateAsync(TextWebSocketClient bot)
    {
        var nonce = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await bot.SendAsync($$"""{"event":"auth","apiKey":"placeholder-key","authSig":"bot-made","authNonce":{{nonce}},"authPayload":"AUTH{{nonce}}","dms":4,"filter":""" + Filter + "}");
        using var answer = JsonDocument.Parse(await bot.ReceiveTextAsync(m => m.Contains("\"event\":\"auth\"", StringComparison.Ordinal)));
        Assert.Equal("OK", answer.RootElement.GetProperty("status").GetString());
    }

    /// <summary>Sends an input and returns the notification that answers it (<c>[0,"n",[…,"NAME-req",…]]</c>).</summary>
    private static async Task<JsonElement> InputAsync(TextWebSocketClient bot, string name, string details)
    {
        await bot.SendAsync($$"""[0,"{{name}}",null,{{details}}]""");
        var answer = await bot.ReceiveTextAsync(m => m.StartsWith("[0,\"n\",", StringComparison.Ordinal) && m.Contains($"\"{name}-req\"", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(answer);
        return json.RootElement.Clone();
    }

    private static void AssertRefused(JsonElement answer, string type, long cid, string reason)
    {
        var notification = answer[2];
        Assert.Equal(type, notification[1].GetString());
        Assert.Equal(cid, notification[4][2].GetInt64());
        Assert.Equal(4030, notification[5].GetInt32());
        Assert.Equal("ERROR", notification[6].GetString());
        Assert.Contains(reason, notification[7].GetString(), StringComparison.Ordinal);
    }

    private Task<TextWebSocketClient> ConnectAsync(string path) =>
        TextWebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{_sidecar.ProxyAddress.Port}{path}"));
}
