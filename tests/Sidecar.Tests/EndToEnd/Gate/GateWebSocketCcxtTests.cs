using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Gate;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Gate;

/// <summary>
/// A real ccxt pro bot (gate-ws-bot.mjs, sidecar mode) whose order is over the venue's MaxOrderNotional: Sidecar
/// refuses it in Gate's envelope. The bot's run that passes is a row of
/// <see cref="Conformance.CcxtWebSocketConformanceTests"/>, on the same venues.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class GateWebSocketCcxtTests(SoftHsmToken token) : IAsyncLifetime
{
    private GateAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await GateAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["gate"] = SidecarUnderTest.Venue("gate-v4", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.gateio.ws"),
            ["gate-ws"] = Guarded(_account.WebSocketVenue()),
            ["gate-futures-ws"] = _account.WebSocketVenue(),
        });
        _sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory, SidecarProcessUnderTest.RequestLines);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Ccxt_pros_order_over_MaxOrderNotional_is_refused_in_gates_envelope_and_never_reaches_gate()
    {
        var result = await CcxtBot.RunAsync("gate-ws-bot.mjs", Sidecar(orderAmount: "0.1"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(["loadMarkets", "watchBalance", "watchFuturesBalance", "createOrderWs"], result.Steps);
        var failure = result.Lines.Single(l => l.Contains("\"step\":\"createOrderWs\"", StringComparison.Ordinal));
        Assert.Contains("SIDECAR_POLICY_DENIED", failure, StringComparison.Ordinal);
        Assert.Contains("MaxOrderNotional", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Exchange.WebSockets.Frames, f => f.Method == "spot.order_place");
        Assert.Contains(_account.Exchange.WebSockets.Frames, f => f.Method == "spot.login" && f.Signature == SignatureCheck.Valid);
    }

    /// <summary>The bot's 0.002 BTC at 50000 is 100 USDT; 0.1 BTC is 5000, over the venue's 1000.</summary>
    internal static JsonObject Guarded(JsonObject venue)
    {
        venue["Policy"] = new JsonObject { ["Symbols"] = new JsonArray("BTC_USDT"), ["MaxOrderNotional"] = 1000 };
        return venue;
    }

    private Dictionary<string, string> Sidecar(string orderAmount) => new()
    {
        ["SIDECAR_MODE"] = "sidecar",
        ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
        ["SIDECAR_WS"] = $"ws://127.0.0.1:{_sidecar.ProxyUrl.Port}",
        ["GATE_UID"] = FakeGate.UserId,
        ["ORDER_AMOUNT"] = orderAmount,
    };
}
