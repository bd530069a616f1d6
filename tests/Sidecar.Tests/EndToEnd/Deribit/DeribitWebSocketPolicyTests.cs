using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Audit;
using Sidecar.FakeExchange;
using Sidecar.Signing.Tokens;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Deribit;

/// <summary>
/// Raw JSON-RPC bots through the in-process Sidecar to the fake Deribit's WebSocket API: logins rebuilt and signed
/// (client_credentials included), placeholder tokens both ways, every private method judged by the REST catalog —
/// withdrawals, transfers and key management refused in Deribit's envelope with the bot's id and never forwarded, the
/// order guards on private/buy, a read-only profile — token-minting grants refused, and the audit chain.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class DeribitWebSocketPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const decimal MaxOrderNotional = 600_000;

    private DeribitAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;
    private string _auditPath = null!;

    public async Task InitializeAsync()
    {
        _account = await DeribitAccount.CreateAsync(token);
        var trading = _account.WebSocketVenue();
        trading["Policy"] = new JsonObject { ["MaxOrderNotional"] = MaxOrderNotional };
        var readOnly = _account.WebSocketVenue();
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        var config = SidecarUnderTest.Config(token, new JsonObject { ["deribit-ws"] = trading, ["deribit-ro"] = readOnly });
        _auditPath = Path.Combine(Directory.CreateTempSubdirectory("deribit-ws-audit-").FullName, "audit.log");
        config["Audit"] = new JsonObject { ["Path"] = _auditPath };
        _sidecar = await SidecarUnderTest.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task A_placeholder_login_reaches_deribit_signed_with_the_real_client_id_and_the_bot_gets_placeholder_tokens()
    {
        using var bot = await ConnectAsync();

        var reply = await LoginAsync(bot, 1);

        var result = reply.GetProperty("result");
        Assert.True(TokenVault.IsPlaceholder(result.GetProperty("access_token").GetString()));
        Assert.True(TokenVault.IsPlaceholder(result.GetProperty("refresh_token").GetString()));
        Assert.Equal(("bearer", 900), (result.GetProperty("token_type").GetString(), result.GetProperty("expires_in").GetInt32()));
        var login = Assert.Single(_account.Exchange.WebSockets.Frames);
        Assert.Equal(("public/auth", "client_signature", _account.ClientId, SignatureCheck.Valid), (login.Method, login.GrantType, login.ClientId, login.Signature));
        Assert.DoesNotContain("placeholder", login.Frame, StringComparison.Ordinal);
        Assert.DoesNotContain("00c0ffee", login.Frame, StringComparison.Ordinal);
        Assert.Equal(1, _sidecar.Signs);

        // The connection is logged in: private reads need no token.
        var summary = await bot.CallAsync(2, "private/get_account_summary", new JsonObject { ["currency"] = "BTC" });
        Assert.Equal("BTC", summary.GetProperty("result").GetProperty("currency").GetString());
        Assert.Equal("connection", _account.Exchange.WebSockets.Frames[^1].Authorization);
        AssertNoRealTokenReached(bot);
    }

    [Fact]
    public async Task A_client_credentials_login_becomes_a_signature_and_the_bots_secret_never_reaches_deribit()
    {
        using var bot = await ConnectAsync();

        var reply = await bot.CallAsync(1, "public/auth", new JsonObject
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "placeholder-client-id",
            ["client_secret"] = "placeholder-client-secret",
        });

        Assert.True(reply.TryGetProperty("result", out _), reply.ToString());
        var login = Assert.Single(_account.Exchange.WebSockets.Frames);
        Assert.Equal(("client_signature", _account.ClientId, SignatureCheck.Valid), (login.GrantType, login.ClientId, login.Signature));
        Assert.DoesNotContain("client_secret", login.Frame, StringComparison.Ordinal);
        Assert.DoesNotContain("placeholder", login.Frame, StringComparison.Ordinal);
        AssertNoRealTokenReached(bot);
    }

    [Fact]
    public async Task A_placeholder_access_token_is_swapped_for_the_real_token_and_an_unknown_one_never_leaves()
    {
        using var first = await ConnectAsync();
        var placeholder = (await LoginAsync(first, 1)).GetProperty("result").GetProperty("access_token").GetString()!;
        using var second = await ConnectAsync();

        var summary = await second.CallAsync(7, "private/get_account_summary", new JsonObject { ["currency"] = "BTC", ["access_token"] = placeholder });
        var unknown = await second.CallAsync(8, "private/get_account_summary", new JsonObject { ["currency"] = "BTC", ["access_token"] = TokenVault.Prefix + "00" });
        var foreign = await second.CallAsync(9, "private/get_account_summary", new JsonObject { ["currency"] = "BTC", ["access_token"] = "1582628593469.1MbQ-J_4.CBP" });

        Assert.Equal("BTC", summary.GetProperty("result").GetProperty("currency").GetString());
        var swapped = _account.Exchange.WebSockets.Frames[^1];
        Assert.Equal(("private/get_account_summary", "token"), (swapped.Method, swapped.Authorization));
        Assert.Contains(_account.Exchange.WebSockets.IssuedTokens[0], swapped.Frame, StringComparison.Ordinal);
        Assert.DoesNotContain(placeholder, swapped.Frame, StringComparison.Ordinal);
        AssertRefused(unknown, 8, 4000, "unknown or expired");
        AssertRefused(foreign, 9, 4000, "must be a placeholder");
        Assert.Equal(2, _account.Exchange.WebSockets.Frames.Count);
        AssertNoRealTokenReached(first);
        AssertNoRealTokenReached(second);
    }

    [Fact]
    public async Task Withdrawals_transfers_and_key_management_are_refused_in_deribits_envelope_and_never_reach_deribit()
    {
        using var bot = await ConnectAsync();
        await LoginAsync(bot, 1);

        var withdraw = await bot.CallAsync(11, "private/withdraw", new JsonObject { ["currency"] = "BTC", ["address"] = "bc1qexample", ["amount"] = 0.1 });
        var transfer = await bot.CallAsync(12, "private/submit_transfer_to_user", new JsonObject { ["currency"] = "BTC", ["amount"] = 0.1, ["destination"] = "x" });
        var apiKey = await bot.CallAsync(13, "private/create_api_key", new JsonObject { ["max_scope"] = "wallet:read_write" });
        var address = await bot.CallAsync(14, "private/add_to_address_book", new JsonObject { ["currency"] = "BTC", ["type"] = "withdrawal", ["address"] = "bc1qexample" });

        AssertRefused(withdraw, 11, 4030, "withdrawal endpoints are denied in every profile");
        AssertRefused(transfer, 12, 4030, "transfer endpoints are denied in every profile");
        AssertRefused(apiKey, 13, 4030, "API-key management endpoints are denied in every profile");
        AssertRefused(address, 14, 4030, "withdrawal endpoints are denied in every profile");

        // The connection stays open and usable.
        var test = await bot.CallAsync(15, "public/test");
        Assert.Equal("1.2.26", test.GetProperty("result").GetProperty("version").GetString());
        Assert.Equal(["public/auth", "public/test"], _account.Exchange.WebSockets.Frames.Select(f => f.Method));
    }

    [Fact]
    public async Task An_order_over_MaxOrderNotional_never_reaches_deribit_and_one_within_it_does()
    {
        using var bot = await ConnectAsync();
        await LoginAsync(bot, 1);

        var over = await bot.CallAsync(21, "private/buy", Order(amount: 20));
        var within = await bot.CallAsync(22, "private/buy", Order(amount: 10));

        AssertRefused(over, 21, 4030, "MaxOrderNotional");
        Assert.Equal("open", within.GetProperty("result").GetProperty("order").GetProperty("order_state").GetString());
        Assert.Equal(["public/auth", "private/buy"], _account.Exchange.WebSockets.Frames.Select(f => f.Method));
        Assert.Contains("\"amount\":10", _account.Exchange.WebSockets.Frames[^1].Frame, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_minting_grants_and_methods_are_refused_and_never_forwarded()
    {
        using var bot = await ConnectAsync();
        var refreshPlaceholder = (await LoginAsync(bot, 1)).GetProperty("result").GetProperty("refresh_token").GetString()!;

        var refresh = await bot.CallAsync(2, "public/auth", new JsonObject { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshPlaceholder });
        var exchange = await bot.CallAsync(3, "public/exchange_token", new JsonObject { ["refresh_token"] = refreshPlaceholder, ["subject_id"] = 10 });
        var fork = await bot.CallAsync(4, "public/fork_token", new JsonObject { ["refresh_token"] = refreshPlaceholder, ["session_name"] = "b" });

        AssertRefused(refresh, 2, 4000, "refresh_token grant is refused");
        AssertRefused(exchange, 3, 4000, "public/exchange_token is refused");
        AssertRefused(fork, 4, 4000, "public/fork_token is refused");
        Assert.Equal(["public/auth"], _account.Exchange.WebSockets.Frames.Select(f => f.Method));
    }

    [Fact]
    public async Task Subscriptions_heartbeats_and_logout_pass_as_their_rows_say()
    {
        using var bot = await ConnectAsync();
        await LoginAsync(bot, 1);

        var subscribed = await bot.CallAsync(2, "private/subscribe", new JsonObject { ["channels"] = new JsonArray("user.portfolio.btc") });
        var portfolio = await bot.ReceiveAsync();
        var heartbeat = await bot.CallAsync(3, "public/set_heartbeat", new JsonObject { ["interval"] = 30 });
        await bot.SendAsync("""{"jsonrpc":"2.0","id":4,"method":"private/logout","params":{"invalidate_token":true}}""");
        var closed = await bot.ReceiveAsync();

        Assert.Equal("user.portfolio.btc", subscribed.GetProperty("result")[0].GetString());
        Assert.Equal("user.portfolio.btc", portfolio!.Value.GetProperty("params").GetProperty("channel").GetString());
        Assert.Equal("ok", heartbeat.GetProperty("result").GetString());
        Assert.Null(closed);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, bot.CloseStatus);
        Assert.Equal(["public/auth", "private/subscribe", "public/set_heartbeat", "private/logout"], _account.Exchange.WebSockets.Frames.Select(f => f.Method));
    }

    [Fact]
    public async Task A_read_only_venue_subscribes_and_reads_but_never_trades()
    {
        using var bot = await ConnectAsync("deribit-ro");
        await LoginAsync(bot, 1);

        var subscribed = await bot.CallAsync(2, "private/subscribe", new JsonObject { ["channels"] = new JsonArray("user.orders.any.any.raw") });
        var buy = await bot.CallAsync(3, "private/buy", Order(amount: 10));
        var cancel = await bot.CallAsync(4, "private/cancel_all");

        Assert.True(subscribed.TryGetProperty("result", out _), subscribed.ToString());
        AssertRefused(buy, 3, 4030, "trading endpoints are not allowed by profile 'read-only'");
        AssertRefused(cancel, 4, 4030, "trading endpoints are not allowed by profile 'read-only'");
        Assert.Equal(["public/auth", "private/subscribe"], _account.Exchange.WebSockets.Frames.Select(f => f.Method));
    }

    [Fact]
    public async Task The_login_the_orders_and_the_refusals_are_in_the_audit_chain_and_no_secret_is_logged()
    {
        using (var bot = await ConnectAsync())
        {
            await LoginAsync(bot, 1);
            await bot.CallAsync(2, "private/withdraw", new JsonObject { ["currency"] = "BTC", ["address"] = "bc1qexample", ["amount"] = 0.1 });
            await bot.CallAsync(3, "private/buy", Order(amount: 10));
        }

        await Eventually.UntilAsync(async () =>
        {
            await _sidecar.FlushAuditAsync();
            return File.Exists(_auditPath) && File.ReadAllLines(_auditPath).Count(l => l.Contains("upstreamStatus", StringComparison.Ordinal)) >= 2;
        }, "the answers to the login and the order in the audit log");

        var records = File.ReadAllLines(_auditPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var login = Assert.Single(records, r => r.GetProperty("path").GetString() == "/ws/api/v2 public/auth" && r.GetProperty("decision").GetString() == "signed");
        Assert.Equal(("WS", "deribit-ws", _account.KeyLabel), (login.GetProperty("method").GetString(), login.GetProperty("venue").GetString(), login.GetProperty("key").GetString()));
        Assert.Equal(64, login.GetProperty("signedSha256").GetString()!.Length);
        var refused = Assert.Single(records, r => r.GetProperty("path").GetString() == "/ws/api/v2 private/withdraw");
        Assert.Equal(("refused", "category withdrawal"), (refused.GetProperty("decision").GetString(), refused.GetProperty("rule").GetString()));
        var order = Assert.Single(records, r => r.GetProperty("path").GetString() == "/ws/api/v2 private/buy" && r.GetProperty("decision").GetString() == "forwarded");
        Assert.Equal(("BTC-PERPETUAL", "buy", "3"), (order.GetProperty("order").GetProperty("symbol").GetString(), order.GetProperty("order").GetProperty("side").GetString(), order.GetProperty("requestId").GetString()));
        Assert.False(order.TryGetProperty("signedSha256", out var sha) && sha.ValueKind == JsonValueKind.String);
        Assert.Equal(2, records.Count(r => r.TryGetProperty("upstreamStatus", out var status) && status.GetInt32() == 200));
        Assert.True(AuditChain.Verify(_auditPath).Ok);

        var everything = File.ReadAllText(_auditPath) + _sidecar.Logs.All;
        Assert.DoesNotContain(_account.ClientSecret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, everything, StringComparison.Ordinal);
        Assert.All(_account.Exchange.WebSockets.IssuedTokens, t => Assert.DoesNotContain(t, everything, StringComparison.Ordinal));
    }

    private Task<DeribitWsBot> ConnectAsync(string venue = "deribit-ws") =>
        DeribitWsBot.ConnectAsync(new Uri($"ws://127.0.0.1:{_sidecar.ProxyAddress.Port}/{venue}/ws/api/v2"));

    /// <summary>ccxt's login, with placeholder credentials and a signature of its own making.</summary>
    private static async Task<JsonElement> LoginAsync(DeribitWsBot bot, int id)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var reply = await bot.CallAsync(id, "public/auth", new JsonObject
        {
            ["grant_type"] = "client_signature",
            ["client_id"] = "placeholder-client-id",
            ["timestamp"] = now,
            ["signature"] = "00c0ffee" + new string('0', 56),
            ["nonce"] = now.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = "",
        });
        Assert.True(reply.TryGetProperty("result", out _), reply.ToString());
        return reply;
    }

    private static JsonObject Order(int amount) => new()
    {
        ["instrument_name"] = "BTC-PERPETUAL",
        ["amount"] = amount,
        ["type"] = "limit",
        ["price"] = 50000,
    };

    private static void AssertRefused(JsonElement reply, int id, int code, string text)
    {
        Assert.Equal(id, reply.GetProperty("id").GetInt32());
        Assert.False(reply.TryGetProperty("result", out _));
        var error = reply.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Contains(text, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("sidecar ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private void AssertNoRealTokenReached(DeribitWsBot bot)
    {
        var issued = _account.Exchange.WebSockets.IssuedTokens;
        Assert.NotEmpty(issued);
        Assert.All(issued, t => Assert.DoesNotContain(t, bot.Received, StringComparison.Ordinal));
    }
}
