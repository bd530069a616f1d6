using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Signing.Tokens;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kraken;

/// <summary>
/// The venue's policy on Kraken's WebSocket v2, through the real Kestrel listener to the fake Kraken, with a plain
/// client: the token GetWebSocketsToken answers is a placeholder when the venue guards orders (the real one otherwise),
/// the call is refused under read-only, WS orders pass the same guards as REST orders (outside <c>Symbols</c> or over
/// <c>MaxOrderNotional</c>: refused in Kraken's v2 envelope with the bot's req_id, never at the fake, connection kept),
/// an unknown placeholder is never forwarded, and an allowed order reaches the fake with the real token and is in the
/// audit chain; neither the token nor the placeholder is ever in the audit log or Sidecar's logs.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KrakenWebSocketPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private KrakenAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;
    private string _auditPath = null!;

    public async Task InitializeAsync()
    {
        _account = await KrakenAccount.CreateAsync(token);
        _auditPath = Path.Combine(Directory.CreateTempSubdirectory("sidecar-kraken-ws-").FullName, "audit.log");
        var guards = new JsonObject { ["Symbols"] = new JsonArray("XBTUSD", "BTC/USD"), ["MaxOrderNotional"] = 1000 };
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["kraken"] = Venue(_account.Exchange.BaseAddress, guards, "api.kraken.com"),
            ["kraken-open"] = Venue(_account.Exchange.BaseAddress, new JsonObject { ["OrdersPer10Seconds"] = 0 }, "open.kraken.test"),
            ["kraken-ro"] = Venue(_account.Exchange.BaseAddress, new JsonObject { ["Profile"] = "read-only" }, "readonly.kraken.test"),
            ["kraken-ws"] = Venue(new Uri($"ws://127.0.0.1:{_account.Exchange.BaseAddress.Port}"), guards.DeepClone()),
            ["kraken-ws-ro"] = Venue(new Uri($"ws://127.0.0.1:{_account.Exchange.BaseAddress.Port}"), new JsonObject { ["Profile"] = "read-only" }),
        });
        config["Audit"] = new JsonObject { ["Path"] = _auditPath };
        _sidecar = await SidecarUnderTest.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_auditPath)!, recursive: true);
    }

    [Fact]
    public async Task With_order_guards_the_bot_gets_a_placeholder_and_never_the_token()
    {
        var placeholder = await WebSocketTokenAsync("kraken");

        Assert.StartsWith(TokenVault.Prefix, placeholder, StringComparison.Ordinal);
        var minted = Assert.Single(_account.Exchange.WebSocketTokens);
        Assert.NotEqual(minted, placeholder);
    }

    [Fact]
    public async Task Without_order_guards_the_real_token_passes()
    {
        var received = await WebSocketTokenAsync("kraken-open");

        Assert.Equal(Assert.Single(_account.Exchange.WebSocketTokens), received);
    }

    [Fact]
    public async Task GetWebSocketsToken_is_refused_under_read_only_and_never_reaches_kraken()
    {
        using var response = await _sidecar.Client.PostAsync("/kraken-ro/0/private/GetWebSocketsToken", Form(""));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("trading", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_account.Exchange.Requests);
        Assert.Empty(_account.Exchange.WebSocketTokens);
    }

    [Theory]
    [InlineData("ETH/USD", "0.002", "50000", "Symbols")]
    [InlineData("BTC/USD", "1", "50000", "MaxOrderNotional")]
    public async Task A_ws_add_order_the_guards_refuse_never_reaches_the_fake_and_the_connection_stays(string symbol, string quantity, string price, string rule)
    {
        var placeholder = await WebSocketTokenAsync("kraken");
        await using var bot = await ConnectAsync("kraken-ws");
        var signs = _sidecar.Signs;

        var answer = await bot.AskAsync(AddOrder(placeholder, symbol, quantity, price, reqId: 11), IsAnswer);

        Assert.Equal("add_order", answer["method"]!.GetValue<string>());
        Assert.Equal(11, answer["req_id"]!.GetValue<long>());
        Assert.False(answer["success"]!.GetValue<bool>());
        Assert.StartsWith("sidecar policy_denied:", answer["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(rule, answer["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(signs, _sidecar.Signs);

        // Kept open: the next frame goes through, and it is the first the fake saw.
        var pong = await bot.AskAsync("""{"method":"ping","req_id":12}""", IsAnswer);
        Assert.Equal("pong", pong["method"]!.GetValue<string>());
        Assert.Equal(["ping"], _account.Exchange.WebSocket.Frames.Select(f => f.Method));
        Assert.Empty(_account.Exchange.OpenOrders());
    }

    [Fact]
    public async Task An_allowed_ws_order_reaches_the_fake_with_the_real_token_and_is_in_the_audit_chain()
    {
        var placeholder = await WebSocketTokenAsync("kraken");
        await using var bot = await ConnectAsync("kraken-ws");

        var answer = await bot.AskAsync(AddOrder(placeholder, "BTC/USD", "0.002", "50000", reqId: 21), IsAnswer);

        Assert.True(answer["success"]!.GetValue<bool>(), answer.ToJsonString());
        var frame = Assert.Single(_account.Exchange.WebSocket.Frames);
        Assert.Equal((SignatureCheck.Valid, Assert.Single(_account.Exchange.WebSocketTokens)), (frame.TokenCheck, frame.Token));
        Assert.Single(_account.Exchange.OpenOrders());

        await Eventually.UntilAsync(async () =>
        {
            await _sidecar.FlushAuditAsync();
            return AuditLines().Any(r => r.GetProperty("decision").GetString() == "answered");
        }, "the answer's audit record");
        var records = AuditLines().Where(r => r.GetProperty("venue").GetString() == "kraken-ws").ToList();
        var sent = Assert.Single(records, r => r.GetProperty("decision").GetString() == "forwarded");
        Assert.EndsWith(" add_order", sent.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Equal("21", sent.GetProperty("requestId").GetString());
        Assert.Equal("BTC/USD", sent.GetProperty("order").GetProperty("symbol").GetString());
        Assert.Equal("0.002", sent.GetProperty("order").GetProperty("quantity").GetString());
        var answered = Assert.Single(records, r => r.GetProperty("decision").GetString() == "answered");
        Assert.Equal(200, answered.GetProperty("upstreamStatus").GetInt32());
        var text = File.ReadAllText(_auditPath) + _sidecar.Logs.All;
        Assert.DoesNotContain(_account.Exchange.WebSocketTokens[0], text, StringComparison.Ordinal);
        Assert.DoesNotContain(placeholder, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.SecretBase64, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("never issued")]
    [InlineData("altered")]
    public async Task A_placeholder_sidecar_cannot_redeem_is_refused_and_never_forwarded(string which)
    {
        // One from another Sidecar, from before a restart, or edited by the bot: all unknown here (expiry: KrakenWebSocketTests).
        var placeholder = which == "altered" ? Altered(await WebSocketTokenAsync("kraken")) : TokenVault.Prefix + new string('0', 32);
        await using var bot = await ConnectAsync("kraken-ws");

        var answer = await bot.AskAsync(AddOrder(placeholder, "BTC/USD", "0.002", "50000", reqId: 31), IsAnswer);

        Assert.Equal(31, answer["req_id"]!.GetValue<long>());
        Assert.StartsWith("sidecar bad_request:", answer["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("placeholder", answer["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_account.Exchange.WebSocket.Frames);
    }

    [Fact]
    public async Task Under_read_only_a_ws_venue_lets_private_subscriptions_through_but_no_order()
    {
        var minted = await WebSocketTokenAsync("kraken-open");
        await using var bot = await ConnectAsync("kraken-ws-ro");

        var subscribed = await bot.AskAsync($$"""{"method":"subscribe","params":{"channel":"balances","token":"{{minted}}"},"req_id":41}""", IsAnswer);
        var refused = await bot.AskAsync(AddOrder(minted, "BTC/USD", "0.002", "50000", reqId: 42), IsAnswer);

        Assert.True(subscribed["success"]!.GetValue<bool>(), subscribed.ToJsonString());
        Assert.Equal(42, refused["req_id"]!.GetValue<long>());
        Assert.Contains("profile read-only", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["subscribe"], _account.Exchange.WebSocket.Frames.Select(f => f.Method));
    }

    [Fact]
    public async Task An_amendment_the_guards_cannot_read_is_refused_under_guards()
    {
        var placeholder = await WebSocketTokenAsync("kraken");
        await using var bot = await ConnectAsync("kraken-ws");

        var answer = await bot.AskAsync($$"""{"method":"amend_order","params":{"order_id":"O1","order_qty":5,"token":"{{placeholder}}"},"req_id":51}""", IsAnswer);

        Assert.Contains("order guards", answer["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_account.Exchange.WebSocket.Frames);
    }

    private JsonObject Venue(Uri upstream, JsonNode policy, params string[] hosts)
    {
        var venue = SidecarUnderTest.Venue("kraken", upstream, _account.ApiKey, _account.KeyLabel, hosts);
        venue["Policy"] = policy;
        if (upstream.Scheme == "ws")
        {
            venue["RateLimitsFrom"] = "kraken";
        }

        return venue;
    }

    private static string AddOrder(string token, string symbol, string quantity, string price, int reqId) =>
        $$"""{"method":"add_order","params":{"order_type":"limit","side":"buy","order_qty":{{quantity}},"symbol":"{{symbol}}","token":"{{token}}","limit_price":{{price}}},"req_id":{{reqId}}}""";

    private static string Altered(string placeholder) => placeholder[..^1] + (placeholder[^1] == '0' ? '1' : '0');

    private static bool IsAnswer(JsonNode message) => message["method"] is not null;

    private static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");

    private async Task<string> WebSocketTokenAsync(string venue)
    {
        using var response = await _sidecar.Client.PostAsync($"/{venue}/0/private/GetWebSocketsToken", Form(""));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["result"]!["token"]!.GetValue<string>();
    }

    private async Task<JsonWebSocketClient> ConnectAsync(string venue)
    {
        var bot = await JsonWebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{_sidecar.ProxyAddress.Port}/{venue}/v2"));
        Assert.Equal("status", (await bot.ReceiveAsync())["channel"]!.GetValue<string>());
        return bot;
    }

    private List<JsonElement> AuditLines() => [.. File.ReadAllLines(_auditPath).Select(line => JsonDocument.Parse(line).RootElement)];
}
