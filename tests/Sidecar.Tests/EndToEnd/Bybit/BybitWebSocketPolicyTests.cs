using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Bybit;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bybit;

/// <summary>
/// A raw bot on Sidecar's relay (Kestrel on loopback) in front of the fake Bybit's WebSocket API, which checks every
/// auth frame with its own code: the auth rebuilt with the real key and a valid signature; orders over
/// MaxOrderNotional or outside Symbols, unknown ops once authenticated and orders on a read-only venue answered in
/// Bybit's envelope with the bot's id, never forwarded, the connection kept; a stale trade timestamp put right; the
/// signed auth and the forwarded orders in the audit chain with their answers; nothing secret in the logs.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BybitWebSocketPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string Auth = """{"reqId":"auth-1","op":"auth","args":["placeholder-key","1796662079083","408f1c0ffee7560"]}""";

    private BybitAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;
    private string _audit = null!;

    private FakeBybit Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await BybitAccount.CreateAsync(token);
        _audit = Path.Combine(Directory.CreateTempSubdirectory("sidecar-ws-audit-").FullName, "audit.log");
        var guarded = WebSocketVenue();
        guarded["Policy"] = new JsonObject { ["Symbols"] = new JsonArray("BTCUSDT"), ["MaxOrderNotional"] = 1000 };
        var readOnly = WebSocketVenue();
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        var config = SidecarUnderTest.Config(token, new JsonObject { ["bybit-ws"] = guarded, ["bybit-ro"] = readOnly });
        config["Audit"] = new JsonObject { ["Path"] = _audit };
        _sidecar = await SidecarUnderTest.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_audit)!, recursive: true);
    }

    [Fact]
    public async Task The_placeholder_auth_reaches_bybit_with_the_real_key_and_a_valid_signature()
    {
        await using var bot = await ConnectAsync("bybit-ws", "/v5/trade");

        var answer = await bot.AskAsync(Auth, a => a["op"]?.ToString() == "auth");

        Assert.Equal(0, (int)answer["retCode"]!);
        Assert.Equal("auth-1", answer["reqId"]!.ToString());
        var seen = Assert.Single(Exchange.WebSocketFrames);
        Assert.Equal((SignatureCheck.Valid, _account.ApiKey, "0"), (seen.Signature, seen.ApiKey, seen.Code));
        Assert.DoesNotContain("placeholder", seen.Frame, StringComparison.Ordinal);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Theory]
    [InlineData("\"qty\":\"1\",\"price\":\"50000\"", "BTCUSDT", "MaxOrderNotional")]
    [InlineData("\"qty\":\"0.001\",\"price\":\"50000\"", "DOGEUSDT", "Symbols")]
    public async Task An_order_the_guards_refuse_is_answered_in_bybits_envelope_never_forwarded_and_the_connection_kept(string amounts, string symbol, string rule)
    {
        await using var bot = await ConnectAsync("bybit-ws", "/v5/trade");
        await bot.AskAsync(Auth, a => a["op"]?.ToString() == "auth");

        var refused = await bot.AskAsync(Order("big-1", symbol, amounts, Now()), a => a["reqId"]?.ToString() == "big-1");

        Assert.Equal(4030, (int)refused["retCode"]!);
        Assert.Equal("order.create", refused["op"]!.ToString());
        Assert.StartsWith("sidecar policy_denied:", refused["retMsg"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains(rule, refused["retMsg"]!.ToString(), StringComparison.Ordinal);

        // Still open, and the next order is the first one the exchange sees.
        var placed = await bot.AskAsync(Order("ok-1", "BTCUSDT", "\"qty\":\"0.002\",\"price\":\"50000\"", Now()), a => a["reqId"]?.ToString() == "ok-1");
        Assert.Equal(0, (int)placed["retCode"]!);
        Assert.Equal(["auth", "order.create"], Exchange.WebSocketFrames.Select(f => f.Op));
        Assert.DoesNotContain(Exchange.WebSocketFrames, f => f.Frame.Contains("big-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stale_trade_timestamp_follows_the_venues_clock_and_bybit_accepts_the_order()
    {
        await using var bot = await ConnectAsync("bybit-ws", "/v5/trade");
        await bot.AskAsync(Auth, a => a["op"]?.ToString() == "auth");
        var stale = Now() - 3_600_000;

        var placed = await bot.AskAsync(Order("late-1", "BTCUSDT", "\"qty\":\"0.002\",\"price\":\"50000\"", stale), a => a["reqId"]?.ToString() == "late-1");

        Assert.Equal(0, (int)placed["retCode"]!);
        var seen = JsonNode.Parse(Exchange.WebSocketFrames.Single(f => f.Op == "order.create").Frame)!;
        var forwarded = long.Parse(seen["header"]!["X-BAPI-TIMESTAMP"]!.ToString(), CultureInfo.InvariantCulture);
        Assert.InRange(forwarded, Now() - 60_000, Now());
    }

    [Fact]
    public async Task An_unknown_op_acts_on_no_account_before_auth_and_is_refused_after_it()
    {
        await using var bot = await ConnectAsync("bybit-ws", "/v5/private");

        var before = await bot.AskAsync("""{"req_id":"u1","op":"somethingNew"}""", a => a["req_id"]?.ToString() == "u1");
        Assert.False((bool)before["success"]!); // Bybit's own answer: the frame went through
        await bot.AskAsync("""{"req_id":"a1","op":"auth","args":["placeholder-key",1,"x"]}""", a => a["op"]?.ToString() == "auth");

        var after = await bot.AskAsync("""{"req_id":"u2","op":"somethingNew"}""", a => a["req_id"]?.ToString() == "u2");

        Assert.Equal((false, 4030), ((bool)after["success"]!, (int)after["retCode"]!));
        Assert.Contains("add an Allow rule", after["ret_msg"]!.ToString(), StringComparison.Ordinal);
        var subscribed = await bot.AskAsync("""{"req_id":"s1","op":"subscribe","args":["wallet"]}""", a => a["req_id"]?.ToString() == "s1");
        Assert.True((bool)subscribed["success"]!);
        Assert.Equal(["somethingNew", "auth", "subscribe"], Exchange.WebSocketFrames.Select(f => f.Op));
    }

    [Fact]
    public async Task A_read_only_venue_follows_the_account_but_places_no_order()
    {
        await using var stream = await ConnectAsync("bybit-ro", "/v5/private");
        await stream.AskAsync("""{"req_id":"a1","op":"auth","args":["placeholder-key","1","x"]}""", a => a["op"]?.ToString() == "auth");
        await stream.SendAsync("""{"req_id":"s1","op":"subscribe","args":["wallet","order"]}""");
        var wallet = await stream.ReceiveAsync(m => m["topic"]?.ToString() == "wallet");
        Assert.Equal("UNIFIED", wallet["data"]![0]!["accountType"]!.ToString());

        await using var trade = await ConnectAsync("bybit-ro", "/v5/trade");
        await trade.AskAsync(Auth, a => a["op"]?.ToString() == "auth");
        var refused = await trade.AskAsync(Order("ro-1", "BTCUSDT", "\"qty\":\"0.002\",\"price\":\"50000\"", Now()), a => a["reqId"]?.ToString() == "ro-1");

        Assert.Equal(4030, (int)refused["retCode"]!);
        Assert.Contains("read-only", refused["retMsg"]!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Exchange.WebSocketFrames, f => f.Op == "order.create");
    }

    [Fact]
    public async Task The_audit_chain_holds_the_signed_auth_the_forwarded_orders_with_their_answers_and_the_refusals()
    {
        await using (var bot = await ConnectAsync("bybit-ws", "/v5/trade"))
        {
            await bot.AskAsync(Auth, a => a["op"]?.ToString() == "auth");
            await bot.AskAsync(Order("o-1", "BTCUSDT", "\"qty\":\"0.002\",\"price\":\"50000\",\"orderLinkId\":\"link-1\"", Now()), a => a["reqId"]?.ToString() == "o-1");
            await bot.AskAsync(Order("o-2", "BTCUSDT", "\"qty\":\"1\",\"price\":\"50000\"", Now()), a => a["reqId"]?.ToString() == "o-2");
        }

        await Eventually.UntilAsync(async () =>
        {
            await _sidecar.FlushAuditAsync();
            return Records().Any(r => r.GetProperty("decision").GetString() == "answered" && r.GetProperty("requestId").GetString() == "\"o-1\"");
        }, "the answer to the order in the audit log");

        var records = Records();
        var auth = records.Single(r => r.GetProperty("path").GetString() == "/v5/trade auth" && r.GetProperty("decision").GetString() != "answered");
        Assert.Equal(("WS", "signed", 64), (auth.GetProperty("method").GetString(), auth.GetProperty("decision").GetString(), auth.GetProperty("signedSha256").GetString()!.Length));
        var order = records.Single(r => r.GetProperty("path").GetString() == "/v5/trade order.create" && r.GetProperty("decision").GetString() == "forwarded");
        Assert.Equal(("\"o-1\"", "BTCUSDT", "link-1"), (order.GetProperty("requestId").GetString(), order.GetProperty("order").GetProperty("symbol").GetString(), order.GetProperty("order").GetProperty("clientOrderId").GetString()));
        var answered = records.Where(r => r.GetProperty("decision").GetString() == "answered").ToDictionary(r => r.GetProperty("requestId").GetString()!, r => r.GetProperty("upstreamStatus").GetInt32());
        Assert.Equal(200, answered["\"auth-1\""]);
        Assert.Equal(200, answered["\"o-1\""]);
        var refused = records.Single(r => r.GetProperty("decision").GetString() == "refused");
        Assert.Equal(("\"o-2\"", "MaxOrderNotional"), (refused.GetProperty("requestId").GetString(), refused.GetProperty("rule").GetString()));

        var text = File.ReadAllText(_audit) + _sidecar.Logs.All;
        Assert.DoesNotContain(_account.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_audit_unwritable_an_order_is_refused_in_bybits_envelope_and_never_forwarded()
    {
        using var disk = TinyDisk.Mount(Path.Combine(Path.GetDirectoryName(_audit)!, "tiny"));
        var config = SidecarUnderTest.Config(token, new JsonObject { ["bybit-ws"] = WebSocketVenue() });
        config["Audit"] = new JsonObject { ["Path"] = Path.Combine(disk.Path, "audit.log") };
        await using var sidecar = await SidecarUnderTest.StartAsync(config);
        await using var bot = await TextWebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{sidecar.ProxyAddress.Port}/bybit-ws/v5/trade"));
        await bot.AskAsync(Auth, a => a["op"]?.ToString() == "auth");
        TinyDisk.Fill(Path.Combine(disk.Path, "filler"));

        // Records still fit in the audit file's last page; a few more orders fill it, then writes fail and orders stop.
        var n = 0;
        var refused = await Eventually.UntilAsync(
            () => bot.AskAsync(Order($"o-{++n}", "BTCUSDT", "\"qty\":\"0.002\",\"price\":\"50000\"", Now()), a => a["reqId"]?.ToString() == $"o-{n}"),
            a => (int)a["retCode"]! != 0, "an order refused once the audit cannot be written", TimeSpan.FromSeconds(15));
        Assert.Equal(5031, (int)refused["retCode"]!);
        Assert.StartsWith("sidecar audit_unavailable:", refused["retMsg"]!.ToString(), StringComparison.Ordinal);
        var seen = Exchange.WebSocketFrames.Count;

        // Without a header the frame needs no rewriting at all, and is refused all the same: it acts with the key.
        var again = await bot.AskAsync("""{"reqId":"after","op":"order.create","args":[{"category":"spot","symbol":"BTCUSDT","side":"Buy","orderType":"Limit","qty":"0.002","price":"50000"}]}""", a => a["reqId"]?.ToString() == "after");
        Assert.Equal(5031, (int)again["retCode"]!);
        var pong = await bot.AskAsync("""{"reqId":"p1","op":"ping"}""", a => a["reqId"]?.ToString() == "p1"); // public: needs no record
        Assert.Equal(0, (int)pong["retCode"]!);
        Assert.Equal(seen + 1, Exchange.WebSocketFrames.Count);
        Assert.Equal("ping", Exchange.WebSocketFrames[^1].Op);
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static string Order(string id, string symbol, string amounts, long timestamp) =>
        $$"""{"reqId":"{{id}}","header":{"X-BAPI-TIMESTAMP":"{{timestamp}}","X-BAPI-RECV-WINDOW":"5000"},"op":"order.create","args":[{"category":"spot","symbol":"{{symbol}}","side":"Buy","orderType":"Limit",{{amounts}}}]}""";

    private List<JsonElement> Records() =>
        [.. File.ReadAllLines(_audit).Select(l => JsonDocument.Parse(l).RootElement).Where(r => r.GetProperty("method").GetString() == "WS")];

    private JsonObject WebSocketVenue() => new()
    {
        ["Scheme"] = "bybit-v5",
        ["Upstream"] = Exchange.WebSocketAddress.ToString().TrimEnd('/'),
        ["ApiKey"] = _account.ApiKey,
        ["Key"] = _account.KeyLabel,
    };

    private Task<TextWebSocketClient> ConnectAsync(string venue, string path) =>
        TextWebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{_sidecar.ProxyAddress.Port}/{venue}{path}"));
}
