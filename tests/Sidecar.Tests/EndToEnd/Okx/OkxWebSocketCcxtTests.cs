using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Okx;

/// <summary>
/// A real ccxt pro bot (okx-ws-bot.mjs, sidecar mode) with placeholder credentials and passphrase, through the real
/// <c>sidecar run</c> process, to the fake OKX: watchBalance, watchOrders, createOrderWs (batch-orders, the instrument
/// named by instIdCode as ccxt does) and cancelOrderWs over one logged-in <c>/ws/v5/private</c> connection, markets and
/// open orders over REST. The fake checks the login with its own code: it sees only valid signatures, the real key and
/// the real passphrase, which appears nowhere in Sidecar's output.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class OkxWebSocketCcxtTests(SoftHsmToken token) : IAsyncLifetime
{
    private OkxAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await OkxAccount.CreateAsync(token);
        var exchange = _account.Exchange;
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["okx"] = SidecarUnderTest.VenueWithPassphrase("okx-v5", exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel, "www.okx.com"),
            ["okx-ws"] = new JsonObject
            {
                ["Scheme"] = "okx-v5",
                ["Upstream"] = exchange.WebSocketAddress.ToString().TrimEnd('/'),
                ["ApiKey"] = _account.ApiKey,
                ["Key"] = _account.KeyLabel,
                ["Passphrase"] = _account.PassphraseLabel,
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
        var result = await WebSocketBotChecks.RunThroughSidecarAsync("okx-ws-bot.mjs", _sidecar.ProxyUrl);

        var frames = _account.Exchange.WebSocketFrames;
        WebSocketBotChecks.Passed(result, OkxWebSocketFakeValidationTests.Steps, frames, _account.Exchange.Requests, _sidecar.Output,
            _account.Passphrase, _account.ApiKey, _account.Secret, token.Pin);
        var login = Assert.Single(frames, f => f.Op == "login");
        Assert.Equal(("/ws/v5/private", SignatureCheck.Valid, _account.ApiKey), (login.Path, login.Signature, login.ApiKey));
        Assert.Contains(_account.Passphrase, login.Frame, StringComparison.Ordinal);
        Assert.Equal(["batch-orders", "cancel-order"], frames.Where(f => f.Op is "batch-orders" or "cancel-order").Select(f => f.Op));
    }
}
