using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Gate;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Gate;

/// <summary>
/// A real ccxt pro bot (gate-ws-bot.mjs, sidecar mode) with placeholder credentials, through the real
/// <c>sidecar run</c> process, to the fake Gate's WebSockets: watchBalance (spot, and futures with the user id),
/// createOrderWs (login, then order_place), watchOrders, cancelOrderWs. The fake verifies every frame with its own
/// code: it sees only valid signatures and the real key id, and the bot's <c>req_param</c> signed as sent.
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

    [Fact]
    public async Task Ccxt_pro_with_placeholder_credentials_watches_its_account_and_trades_over_websockets()
    {
        var result = await CcxtBot.RunAsync("gate-ws-bot.mjs", Sidecar(orderAmount: "0.002"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(GateWebSocketFakeValidationTests.Steps, result.Steps);

        var frames = _account.Exchange.WebSockets.Frames;
        Assert.Equal(["spot.balances", "futures.balances", "spot.orders", "spot.login", "spot.order_place", "spot.order_cancel"], frames.Select(f => f.Method));
        Assert.All(frames, f =>
        {
            Assert.True(f.Error is null, $"{f.Method}: {f.Error}");
            Assert.Equal(SignatureCheck.Valid, f.Signature);
            Assert.Equal(_account.ApiKey, f.ApiKey);
        });
        Assert.DoesNotContain(frames, f => f.Frame.Contains("placeholder", StringComparison.Ordinal));

        // The order's req_param reached Gate byte for byte as ccxt wrote it (its textIsRequired flag included), and
        // was signed as such; the login was signed over ccxt's "{}".
        var order = Assert.Single(frames, f => f.Method == "spot.order_place");
        using (var sent = JsonDocument.Parse(order.Frame))
        {
            var param = sent.RootElement.GetProperty("payload").GetProperty("req_param").GetRawText();
            Assert.Contains("\"textIsRequired\":true", param, StringComparison.Ordinal);
            Assert.Contains("\n" + param + "\n", order.SignedPayload, StringComparison.Ordinal);
        }

        Assert.StartsWith("api\nspot.login\n{}\n", Assert.Single(frames, f => f.Method == "spot.login").SignedPayload, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Exchange.Requests, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);

        var output = _sidecar.Output;
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }

    /// <summary>The bot's 0.002 BTC at 50000 is 100 USDT; 0.1 BTC is 5000, over the venue's 1000.</summary>
    private static JsonObject Guarded(JsonObject venue)
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
