using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Signing.Tokens;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kraken;

[Collection(HsmCollection.Name)]
public sealed class KrakenWebSocketGuardedCcxtTests(SoftHsmToken token) : KrakenWebSocketCcxtTests(token, guardsOrders: true);

[Collection(HsmCollection.Name)]
public sealed class KrakenWebSocketUnguardedCcxtTests(SoftHsmToken token) : KrakenWebSocketCcxtTests(token, guardsOrders: false);

/// <summary>
/// A real ccxt pro bot (kraken-ws-bot.mjs, sidecar mode) with placeholder credentials, through the real
/// <c>sidecar run</c> process, to the fake Kraken: GetWebSocketsToken over REST, then watchBalance, createOrderWs,
/// watchOrders and cancelOrderWs over WebSocket v2. With order guards the bot only ever holds Sidecar's placeholder,
/// and the fake sees only the real token it minted; without guards (no guard, OrdersPer10Seconds 0) the real token
/// passes, the documented trade-off.
/// </summary>
public abstract class KrakenWebSocketCcxtTests(SoftHsmToken token, bool guardsOrders) : IAsyncLifetime
{
    private KrakenAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await KrakenAccount.CreateAsync(token);
        var policy = guardsOrders
            ? new JsonObject { ["Symbols"] = new JsonArray("XBTUSD", "BTC/USD"), ["MaxOrderNotional"] = 1000 }
            : new JsonObject { ["OrdersPer10Seconds"] = 0 };
        var rest = SidecarUnderTest.Venue("kraken", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.kraken.com");
        rest["Policy"] = policy;
        var webSocket = SidecarUnderTest.Venue("kraken", new Uri($"ws://127.0.0.1:{_account.Exchange.BaseAddress.Port}"), _account.ApiKey, _account.KeyLabel);
        webSocket["Policy"] = policy.DeepClone();
        var config = SidecarUnderTest.Config(token, new JsonObject { ["kraken"] = rest, ["kraken-ws"] = webSocket });
        _sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory, SidecarProcessUnderTest.RequestLines);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Ccxt_pro_with_placeholder_credentials_watches_its_account_and_trades_over_websocket_v2()
    {
        var result = await CcxtBot.RunAsync("kraken-ws-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "sidecar",
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
            ["SIDECAR_WS"] = $"ws://127.0.0.1:{_sidecar.ProxyUrl.Port}",
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "watchBalance", "createOrderWs", "watchOrders", "fetchOpenOrders", "cancelOrderWs"], result.Steps);
        Assert.Equal(guardsOrders, result.Step("watchBalance")!["tokenIsPlaceholder"]!.GetValue<bool>());

        // The fake minted one token and saw only that one: every private frame arrived with it, none with a placeholder.
        var exchange = _account.Exchange;
        var minted = Assert.Single(exchange.WebSocketTokens);
        var frames = exchange.WebSocket.Frames.Where(f => f.Method != "ping").ToList();
        Assert.Equal(["subscribe", "subscribe", "add_order", "cancel_order"], frames.Select(f => f.Method));
        Assert.All(frames, f =>
        {
            Assert.True(f.Success, $"{f.Method}: {f.Error}");
            Assert.Equal(SignatureCheck.Valid, f.TokenCheck);
            Assert.Equal(minted, f.Token);
        });
        Assert.DoesNotContain(exchange.WebSocket.Frames, f => f.Frame.Contains(TokenVault.Prefix, StringComparison.Ordinal));
        Assert.All(exchange.Requests, r => Assert.True(r.Signature is SignatureCheck.Valid or SignatureCheck.NotRequired, $"{r.Path}: {r.Signature}"));
        Assert.All(exchange.Requests.Where(r => r.Path.StartsWith("/0/private/", StringComparison.Ordinal)), r => Assert.Equal(_account.ApiKey, r.Headers["api-key"]));

        var output = _sidecar.Output;
        Assert.DoesNotContain(_account.SecretBase64, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(minted, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }
}
