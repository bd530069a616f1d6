using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Kucoin.WebSocket;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kucoin;

/// <summary>
/// A real ccxt pro bot (kucoin-ws-bot.mjs, sidecar mode) with placeholder credentials and no WebSocket URL override,
/// through the real <c>sidecar run</c> process, to the fake KuCoin: Sidecar rewrote the push endpoint in the
/// bullet-private answer, so ccxt reached the fake's push server through Sidecar's relay, watched its balance and its
/// orders, and the push server saw the private token the fake minted on the only connection it got.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KucoinWebSocketCcxtTests(SoftHsmToken token) : IAsyncLifetime
{
    private KucoinAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await KucoinAccount.CreateAsync(token);
        var exchange = _account.Exchange;
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["kucoin"] = SidecarUnderTest.VenueWithPassphrase("kucoin", exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel, "api.kucoin.com"),
            ["kucoin-push"] = SidecarUnderTest.VenueWithPassphrase("kucoin", new Uri($"ws://127.0.0.1:{exchange.BaseAddress.Port}"), _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel),
        });
        _sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory, SidecarProcessUnderTest.RequestLines);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Ccxt_pro_reaches_the_push_server_through_sidecar_with_no_url_override()
    {
        var result = await CcxtBot.RunAsync("kucoin-ws-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "sidecar",
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "watchBalance", "createOrder", "watchOrders", "cancelOrder"], result.Steps);
        Assert.Equal($"ws://127.0.0.1:{_sidecar.ProxyUrl.Port}/kucoin-push{FakeKucoinPush.Path}", result.Step("watchBalance")!["endpoint"]!.GetValue<string>());

        var push = _account.Exchange.Push;
        var connection = Assert.Single(push.Connections);
        Assert.Equal(KucoinPushToken.Private, connection.Token);
        Assert.Contains("connectId=private", connection.Query, StringComparison.Ordinal);
        var subscribes = push.Frames.Where(f => f.Type == "subscribe").ToList();
        Assert.Equal([FakeKucoinPush.BalanceTopic, FakeKucoinPush.OrdersTopic], subscribes.Select(f => f.Topic));
        Assert.All(push.Frames, f => Assert.True(f.ErrorCode is null, f.Frame));

        var rest = _account.Exchange.Requests;
        Assert.Contains(rest, r => r.Path == "/api/v1/bullet-private" && r.Signature == SignatureCheck.Valid);
        Assert.DoesNotContain(rest, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);

        // The push token passes to the bot (it can only read), but Sidecar never writes it down.
        var pushToken = System.Web.HttpUtility.ParseQueryString(connection.Query)["token"];
        Assert.False(string.IsNullOrEmpty(pushToken));
        var output = _sidecar.Output;
        Assert.DoesNotContain(pushToken, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Passphrase, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }
}
