using System.Text;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.FakeExchange.Gate;
using Sidecar.FakeExchange.Gate.WebSocket;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Gate;

/// <summary>
/// The fake Gate's WebSockets checked against ccxt pro's own signer, with no Sidecar involved (gate-ws-bot.mjs in
/// direct mode): every step passes and every private subscribe and API frame verifies with the account's key; with a
/// wrong secret the fake refuses the frames and ccxt fails.
/// </summary>
public sealed class GateWebSocketFakeValidationTests
{
    public static readonly string[] Steps =
        ["loadMarkets", "watchBalance", "watchFuturesBalance", "createOrderWs", "watchOrders", "fetchOpenOrders", "cancelOrderWs"];

    [Fact]
    public async Task Ccxt_signing_itself_passes_every_step()
    {
        var secret = TestSecrets.BinanceStyle();
        await using var fake = await FakeGate.StartAsync(new FakeGateOptions { ApiKey = "direct-key", Secret = Encoding.ASCII.GetBytes(secret) });

        var result = await CcxtBot.RunAsync("gate-ws-bot.mjs", Direct(fake, secret));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Steps, result.Steps);
        var frames = fake.WebSockets.Frames;
        Assert.Equal(["spot.balances", "futures.balances", "spot.orders", "spot.login", "spot.order_place", "spot.order_cancel"], frames.Select(f => f.Method));
        Assert.All(frames, f =>
        {
            Assert.True(f.Error is null, $"{f.Method}: {f.Error}");
            Assert.Equal(SignatureCheck.Valid, f.Signature);
            Assert.Equal("direct-key", f.ApiKey);
        });

        // ccxt signs its login over "{}" and its order over req_param with its textIsRequired flag, as sent.
        Assert.StartsWith("api\nspot.login\n{}\n", Single(frames, "spot.login").SignedPayload, StringComparison.Ordinal);
        Assert.Contains("\"textIsRequired\":true", Single(frames, "spot.order_place").SignedPayload, StringComparison.Ordinal);
        Assert.Contains($"\"payload\":[\"{FakeGate.UserId}\"]", Single(frames, "futures.balances").Frame, StringComparison.Ordinal);
        Assert.Equal([FakeGateWebSockets.SpotPath, FakeGateWebSockets.FuturesPath], frames.Select(f => f.Path).Distinct());
        Assert.DoesNotContain(fake.Requests, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);
    }

    [Fact]
    public async Task Ccxt_with_a_wrong_secret_is_refused_by_the_fake()
    {
        await using var fake = await FakeGate.StartAsync(new FakeGateOptions { ApiKey = "direct-key", Secret = Encoding.ASCII.GetBytes(TestSecrets.BinanceStyle()) });

        var result = await CcxtBot.RunAsync("gate-ws-bot.mjs", Direct(fake, TestSecrets.BinanceStyle()));

        Assert.NotEqual(0, result.ExitCode);
        var refused = Assert.Single(fake.WebSockets.Frames);
        Assert.Equal(("spot.balances", SignatureCheck.Invalid), (refused.Method, refused.Signature));
        Assert.Contains("INVALID_SIGNATURE", refused.Error, StringComparison.Ordinal);
    }

    private static FakeWebSocketFrame Single(IReadOnlyList<FakeWebSocketFrame> frames, string method) =>
        Assert.Single(frames, f => f.Method == method);

    private static Dictionary<string, string> Direct(FakeGate fake, string secret) => new()
    {
        ["SIDECAR_MODE"] = "direct",
        ["GATE_URL"] = fake.BaseAddress.ToString(),
        ["GATE_API_KEY"] = "direct-key",
        ["GATE_SECRET"] = secret,
        ["GATE_UID"] = FakeGate.UserId,
    };
}
