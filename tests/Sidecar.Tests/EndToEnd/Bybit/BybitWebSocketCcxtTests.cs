using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bybit;

/// <summary>
/// A real ccxt pro bot (bybit-ws-bot.mjs, sidecar mode) with placeholder credentials, through the real
/// <c>sidecar run</c> process, to the fake Bybit: watchBalance and watchOrders on the private stream, createOrderWs and
/// cancelOrderWs on order entry, the REST calls ccxt makes on the way (markets, isUnifiedEnabled, open orders) through
/// the REST venue. The fake checks every auth frame with its own code: it sees only valid signatures and the real key.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BybitWebSocketCcxtTests(SoftHsmToken token) : IAsyncLifetime
{
    private BybitAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await BybitAccount.CreateAsync(token);
        var exchange = _account.Exchange;
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["bybit"] = SidecarUnderTest.Venue("bybit-v5", exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.bybit.com"),
            ["bybit-ws"] = new JsonObject
            {
                ["Scheme"] = "bybit-v5",
                ["Upstream"] = exchange.WebSocketAddress.ToString().TrimEnd('/'),
                ["ApiKey"] = _account.ApiKey,
                ["Key"] = _account.KeyLabel,
            },
        });
        _sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory, SidecarProcessUnderTest.RequestLines);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Ccxt_pro_with_placeholder_credentials_watches_its_account_and_trades_over_websockets()
    {
        var result = await WebSocketBotChecks.RunThroughSidecarAsync("bybit-ws-bot.mjs", _sidecar.ProxyUrl);

        var frames = _account.Exchange.WebSocketFrames;
        WebSocketBotChecks.Passed(result, BybitWebSocketFakeValidationTests.Steps, frames, _account.Exchange.Requests, _sidecar.Output,
            _account.ApiKey, _account.Secret, token.Pin);
        var auths = frames.Where(f => f.Op == "auth").ToArray();
        Assert.Equal(["/v5/private", "/v5/trade"], auths.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.All(auths, f => Assert.Equal((SignatureCheck.Valid, _account.ApiKey), (f.Signature, f.ApiKey)));
        Assert.Equal(["order.create", "order.cancel"], frames.Where(f => f.Path == "/v5/trade" && f.Op != "auth").Select(f => f.Op));
        Assert.Contains(frames, f => f.Op == "subscribe" && f.Frame.Contains("wallet", StringComparison.Ordinal));
    }
}
