using System.Net;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Binance.WebSocket;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Binance;

/// <summary>
/// The USDⓈ-M user data stream (<c>fstream…/private/ws?listenKey=…</c>) through a WebSocket venue with the existing
/// Binance adapter: the listen key, a read-only bearer minted over REST (key only, no signature), reaches the fake
/// unchanged in the URL; the stream's pushes come back; a frame the bot sends on it is judged by the venue's policy
/// (a Deny rule refuses it in Binance's envelope, never forwarded) and, carrying no credentials, is never signed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BinanceUsdmUserStreamRelayTests(SoftHsmToken token) : IAsyncLifetime
{
    private BinanceAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        _account = await BinanceAccount.CreateAsync(token);
        var stream = new JsonObject
        {
            ["Scheme"] = "binance-hmac",
            ["Upstream"] = $"ws://127.0.0.1:{_account.Exchange.BaseAddress.Port}",
            ["ApiKey"] = _account.ApiKey,
            ["Key"] = _account.KeyLabel,
            ["Policy"] = new JsonObject { ["Deny"] = new JsonArray("WS /SET_PROPERTY") },
        };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance-usdm"] = SidecarUnderTest.Venue("binance-hmac", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "fapi.binance.com"),
            ["binance-usdm-stream"] = stream,
        }));
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task The_listen_key_stream_passes_unchanged_and_its_frames_are_judged_never_signed()
    {
        using var minted = await _sidecar.Client.PostAsync("/binance-usdm/fapi/v1/listenKey", content: null);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var listenKey = JsonNode.Parse(await minted.Content.ReadAsStringAsync())!["listenKey"]!.GetValue<string>();
        var signs = _sidecar.Signs;

        await using var bot = await BinanceWsTestClient.ConnectAsync(new Uri($"ws://127.0.0.1:{_sidecar.ProxyAddress.Port}/binance-usdm-stream{FakeBinanceWebSockets.UsdmUserStreamPath}?listenKey={listenKey}"));
        Assert.Equal("10000.00000000", (await bot.NextEventAsync("ACCOUNT_UPDATE"))["a"]!["B"]![0]!["wb"]!.GetValue<string>());
        var connection = Assert.Single(_account.Exchange.WebSockets.Connections);
        Assert.Equal((FakeBinanceWebSockets.UsdmUserStreamPath, "listenKey=" + listenKey), (connection.Path, connection.Query));

        await bot.SendAsync("""{"method":"LIST_SUBSCRIPTIONS","id":3}""");
        await Eventually.UntilAsync(() => Stream().MessagesReceived == 1, "the frame at the fake's user stream");

        var refused = await bot.AskJsonAsync("""{"method":"SET_PROPERTY","params":{"combined":true},"id":4}""");
        Assert.Equal((4, 403), (refused["id"]!.GetValue<int>(), refused["status"]!.GetValue<int>()));
        Assert.Contains("Deny 'WS /SET_PROPERTY'", refused["error"]!["msg"]!.GetValue<string>(), StringComparison.Ordinal);

        // The refusal came after the frame sent before it was relayed: had it been forwarded, the fake would count two.
        await bot.SendAsync("""{"method":"LIST_SUBSCRIPTIONS","id":5}""");
        await Eventually.UntilAsync(() => Stream().MessagesReceived == 2, "the next frame at the fake's user stream");
        Assert.Equal(signs, _sidecar.Signs);
        Assert.DoesNotContain(listenKey, _sidecar.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, _sidecar.Logs.All, StringComparison.Ordinal);
    }

    private WebSocketConnectionInfo Stream() => Assert.Single(_account.Exchange.WebSockets.Connections);
}
