using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Okx;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Okx;

/// <summary>
/// A raw bot on Sidecar's relay (Kestrel on loopback) in front of the fake OKX's WebSocket API, which checks every
/// login with its own code: the login rebuilt with the real key, passphrase and a valid signature; orders over
/// MaxOrderNotional, unknown ops once logged in and orders on a read-only venue answered in OKX's envelope with the
/// bot's id, never forwarded, the connection kept; <c>/ws/v5/public</c> passed through, a login there refused; the
/// passphrase, which travels in clear, nowhere in the logs, the audit records or what the bot receives — not even
/// when OKX quotes the login frame back in an error.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class OkxWebSocketPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string Login = """{"op":"login","args":[{"apiKey":"placeholder-key","passphrase":"placeholder-passphrase","timestamp":"1796662069","sign":"g73tJX0em4="}]}""";

    private OkxAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;
    private string _audit = null!;

    private FakeOkx Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await OkxAccount.CreateAsync(token);
        _audit = Path.Combine(Directory.CreateTempSubdirectory("sidecar-ws-audit-").FullName, "audit.log");
        var guarded = WebSocketVenue();
        guarded["Policy"] = new JsonObject { ["MaxOrderNotional"] = 1000 };
        var readOnly = WebSocketVenue();
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        var config = SidecarUnderTest.Config(token, new JsonObject { ["okx-ws"] = guarded, ["okx-ro"] = readOnly });
        config["Audit"] = new JsonObject { ["Path"] = _audit };
        _sidecar = await SidecarUnderTest.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_audit)!, recursive: true);
    }

    [Theory]
    [InlineData("/ws/v5/private")]
    [InlineData("/ws/v5/business")]
    public async Task The_placeholder_login_reaches_okx_with_the_real_key_passphrase_and_a_valid_signature(string path)
    {
        await using var bot = await ConnectAsync("okx-ws", path);

        var answer = await bot.AskAsync(Login, a => a["event"] is not null);

        Assert.Equal(("login", "0"), (answer["event"]!.ToString(), answer["code"]!.ToString()));
        var seen = Assert.Single(Exchange.WebSocketFrames);
        Assert.Equal((SignatureCheck.Valid, _account.ApiKey, "0"), (seen.Signature, seen.ApiKey, seen.Code));
        Assert.DoesNotContain("placeholder", seen.Frame, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_over_MaxOrderNotional_is_answered_in_okxs_envelope_never_forwarded_and_the_connection_kept()
    {
        await using var bot = await ConnectAsync("okx-ws", "/ws/v5/private");
        await bot.AskAsync(Login, a => a["event"] is not null);

        var refused = await bot.AskAsync(Order("big1", "batch-orders", "\"sz\":\"1\",\"px\":\"50000\""), a => a["id"]?.ToString() == "big1");

        Assert.Equal(("batch-orders", "4030"), (refused["op"]!.ToString(), refused["code"]!.ToString()));
        Assert.StartsWith("sidecar policy_denied: price × quantity 50000 is above MaxOrderNotional 1000", refused["msg"]!.ToString(), StringComparison.Ordinal);
        Assert.Empty(refused["data"]!.AsArray());

        var placed = await bot.AskAsync(Order("ok1", "order", "\"sz\":\"0.002\",\"px\":\"50000\""), a => a["id"]?.ToString() == "ok1");
        Assert.Equal("0", placed["code"]!.ToString());
        Assert.Equal(["login", "order"], Exchange.WebSocketFrames.Select(f => f.Op));
    }

    [Fact]
    public async Task An_unknown_op_acts_on_no_account_before_login_and_is_refused_after_it()
    {
        await using var bot = await ConnectAsync("okx-ws", "/ws/v5/private");

        var before = await bot.AskAsync("""{"id":"u1","op":"somethingNew","args":[]}""", a => a["id"]?.ToString() == "u1");
        Assert.Equal("60019", before["code"]!.ToString()); // OKX's own answer: the frame went through
        await bot.AskAsync(Login, a => a["event"]?.ToString() == "login");

        var after = await bot.AskAsync("""{"id":"u2","op":"somethingNew","args":[]}""", a => a["id"]?.ToString() == "u2");

        Assert.Equal(("somethingNew", "4030"), (after["op"]!.ToString(), after["code"]!.ToString()));
        Assert.Equal(["somethingNew", "login"], Exchange.WebSocketFrames.Select(f => f.Op));
    }

    [Fact]
    public async Task A_read_only_venue_follows_the_account_but_places_no_order()
    {
        await using var bot = await ConnectAsync("okx-ro", "/ws/v5/private");
        await bot.AskAsync(Login, a => a["event"]?.ToString() == "login");
        await bot.SendAsync("""{"op":"subscribe","args":[{"channel":"account"}]}""");
        var account = await bot.ReceiveAsync(m => m["arg"]?["channel"]?.ToString() == "account" && m["data"] is not null);
        Assert.Equal("USDT", account["data"]![0]!["details"]![0]!["ccy"]!.ToString());

        var refused = await bot.AskAsync(Order("ro1", "order", "\"sz\":\"0.002\",\"px\":\"50000\""), a => a["id"]?.ToString() == "ro1");

        Assert.Equal("4030", refused["code"]!.ToString());
        Assert.Contains("read-only", refused["msg"]!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Exchange.WebSocketFrames, f => f.Op == "order");
    }

    [Fact]
    public async Task The_public_endpoint_passes_through_and_a_login_there_is_refused_before_it_leaves()
    {
        await using var bot = await ConnectAsync("okx-ws", "/ws/v5/public");

        var refused = await bot.AskAsync(Login, a => a["event"] is not null);
        Assert.Equal(("error", "4000"), (refused["event"]!.ToString(), refused["code"]!.ToString()));
        var subscribed = await bot.AskAsync("""{"op":"subscribe","args":[{"channel":"tickers","instId":"BTC-USDT"}]}""", a => a["event"] is not null);
        Assert.Equal("subscribe", subscribed["event"]!.ToString());
        await bot.SendAsync("ping");
        Assert.Equal("pong", await bot.ReceiveAsync());

        Assert.Equal(["subscribe", "ping"], Exchange.WebSocketFrames.Select(f => f.Op));
    }

    [Fact]
    public async Task The_passphrase_reaches_okx_and_nowhere_else_even_when_okx_quotes_the_login_back()
    {
        Exchange.QuoteLoginsAsIllegal = true;
        await using (var bot = await ConnectAsync("okx-ws", "/ws/v5/private"))
        {
            var error = await bot.AskAsync(Login, a => a["event"] is not null);

            Assert.Equal(("error", "60012"), (error["event"]!.ToString(), error["code"]!.ToString()));
            var msg = error["msg"]!.ToString();
            Assert.StartsWith("Illegal request: {", msg, StringComparison.Ordinal);
            Assert.DoesNotContain(_account.Passphrase, msg, StringComparison.Ordinal);
            Assert.Equal("***", JsonNode.Parse(msg["Illegal request: ".Length..])!["args"]![0]!["passphrase"]!.ToString());
        }

        // OKX itself got the real one.
        Assert.Contains(_account.Passphrase, Assert.Single(Exchange.WebSocketFrames).Frame, StringComparison.Ordinal);
        await _sidecar.FlushAuditAsync();
        var records = File.ReadAllLines(_audit).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Contains(records, r => r.GetProperty("path").GetString() == "/ws/v5/private login" && r.GetProperty("decision").GetString() == "signed");
        var text = File.ReadAllText(_audit) + _sidecar.Logs.All;
        Assert.DoesNotContain(_account.Passphrase, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forwarded_orders_are_in_the_audit_chain_with_their_answers()
    {
        await using (var bot = await ConnectAsync("okx-ws", "/ws/v5/private"))
        {
            await bot.AskAsync(Login, a => a["event"]?.ToString() == "login");
            await bot.AskAsync(Order("o1", "batch-orders", "\"sz\":\"0.002\",\"px\":\"50000\",\"clOrdId\":\"c1\""), a => a["id"]?.ToString() == "o1");
        }

        await Eventually.UntilAsync(async () =>
        {
            await _sidecar.FlushAuditAsync();
            return File.Exists(_audit) && File.ReadAllText(_audit).Contains("\"decision\":\"answered\"", StringComparison.Ordinal);
        }, "the answer to the order in the audit log");

        // The upgrade itself is a GET record; each frame is a WS one.
        var records = File.ReadAllLines(_audit).Select(l => JsonDocument.Parse(l).RootElement).Where(r => r.GetProperty("method").GetString() == "WS").ToArray();
        var order = records.Single(r => r.GetProperty("decision").GetString() == "forwarded");
        Assert.Equal(("/ws/v5/private batch-orders", "\"o1\"", "BTC-USDT", "c1"),
            (order.GetProperty("path").GetString(), order.GetProperty("requestId").GetString(), order.GetProperty("order").GetProperty("symbol").GetString(), order.GetProperty("order").GetProperty("clientOrderId").GetString()));
        var answered = records.Single(r => r.GetProperty("decision").GetString() == "answered");
        Assert.Equal(("\"o1\"", 200), (answered.GetProperty("requestId").GetString(), answered.GetProperty("upstreamStatus").GetInt32()));
    }

    private static string Order(string id, string op, string amounts) =>
        $$"""{"id":"{{id}}","op":"{{op}}","args":[{"instId":"BTC-USDT","tdMode":"cash","side":"buy","ordType":"limit",{{amounts}}}]}""";

    private JsonObject WebSocketVenue() => new()
    {
        ["Scheme"] = "okx-v5",
        ["Upstream"] = Exchange.WebSocketAddress.ToString().TrimEnd('/'),
        ["ApiKey"] = _account.ApiKey,
        ["Key"] = _account.KeyLabel,
        ["Passphrase"] = _account.PassphraseLabel,
    };

    private Task<TextWebSocketClient> ConnectAsync(string venue, string path) =>
        TextWebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{_sidecar.ProxyAddress.Port}/{venue}{path}"));
}
