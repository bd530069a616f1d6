using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Binance;

[Collection(HsmCollection.Name)]
public sealed class BinanceWebSocketHmacCcxtTests(SoftHsmToken token) : BinanceWebSocketCcxtTests(token, "binance-hmac");

[Collection(HsmCollection.Name)]
public sealed class BinanceWebSocketEd25519CcxtTests(SoftHsmToken token) : BinanceWebSocketCcxtTests(token, "binance-ed25519");

/// <summary>
/// A real ccxt pro bot (binance-ws-bot.mjs, sidecar mode) with placeholder credentials, through the real
/// <c>sidecar run</c> process, to the fake Binance's WebSocket API: watchBalance (spot user data now exists only on the
/// signed WebSocket API), createOrderWs, watchOrders and cancelOrderWs, spot and USD-M, for each key type. The fake
/// verifies every frame with its own code: it sees only valid signatures and the real key id.
/// </summary>
public abstract class BinanceWebSocketCcxtTests(SoftHsmToken token, string scheme) : IAsyncLifetime
{
    private BinanceAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = scheme == "binance-ed25519" ? await BinanceAccount.CreateEd25519Async(token) : await BinanceAccount.CreateAsync(token);
        var exchange = _account.Exchange;
        var webSocket = $"ws://127.0.0.1:{exchange.BaseAddress.Port}";
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue(scheme, exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.binance.com"),
            ["binance-usdm"] = SidecarUnderTest.Venue(scheme, exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "fapi.binance.com"),
            ["binance-ws"] = WebSocketVenue(webSocket, "binance"),
            ["binance-usdm-ws"] = WebSocketVenue(webSocket, "binance-usdm"),
            ["binance-usdm-stream"] = WebSocketVenue(webSocket, "binance-usdm"),
        });
        _sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory, SidecarProcessUnderTest.RequestLines);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Theory]
    [InlineData("spot")]
    [InlineData("usdm")]
    public async Task Ccxt_pro_with_placeholder_credentials_watches_its_account_and_trades_over_websockets(string market)
    {
        var result = await CcxtBot.RunAsync("binance-ws-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "sidecar",
            ["MARKET"] = market,
            ["KEY_TYPE"] = scheme == "binance-ed25519" ? "ed25519" : "hmac",
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
            ["SIDECAR_WS"] = $"ws://127.0.0.1:{_sidecar.ProxyUrl.Port}",
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "watchBalance", "createOrderWs", "watchOrders", "fetchOpenOrders", "cancelOrderWs"], result.Steps);

        var frames = _account.Exchange.WebSocketRequests;
        Assert.Equal(
            market == "spot" ? ["userDataStream.subscribe.signature", "order.place", "order.cancel"] : ["order.place", "order.cancel"],
            frames.Select(f => f.Method));
        Assert.All(frames, f =>
        {
            Assert.True(f.Status == 200, $"{f.Method} → {f.Status} ({f.BinanceCode})");
            Assert.Equal(SignatureCheck.Valid, f.Signature);
            Assert.Equal(_account.ApiKey, f.ApiKey);
        });
        Assert.DoesNotContain(frames, f => f.Frame.Contains("placeholder", StringComparison.Ordinal));
        Assert.All(_account.Exchange.WebSockets.Connections, c => Assert.Null(c.OfferedExtensions));
        Assert.DoesNotContain(_account.Exchange.Requests, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);

        var output = _sidecar.Output;
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        if (_account.Secret.Length > 0)
        {
            Assert.DoesNotContain(_account.Secret, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }

    // One key for spot and USD-M: each WebSocket venue names the REST venue whose rate limits it shares.
    private JsonObject WebSocketVenue(string upstream, string rateLimitsFrom) => new()
    {
        ["Scheme"] = scheme,
        ["Upstream"] = upstream,
        ["ApiKey"] = _account.ApiKey,
        ["Key"] = _account.KeyLabel,
        ["RateLimitsFrom"] = rateLimitsFrom,
    };
}
