using System.Security.Cryptography;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Kraken;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kraken;

/// <summary>
/// The fake Kraken's Spot WebSocket v2 checked against ccxt pro itself, with no Sidecar involved (kraken-ws-bot.mjs in
/// direct mode, holding the real secret): every step passes, every private frame carries a token the fake minted, and
/// the fake refuses frames whose token it did not mint, as Kraken does.
/// </summary>
public sealed class KrakenWebSocketFakeValidationTests
{
    [Fact]
    public async Task Ccxt_pro_itself_passes_every_step_against_the_fake()
    {
        var secret = RandomNumberGenerator.GetBytes(64);
        await using var fake = await FakeKraken.StartAsync(new FakeKrakenOptions { ApiKey = "direct-key", Secret = secret });

        var result = await CcxtBot.RunAsync("kraken-ws-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            ["KRAKEN_URL"] = fake.BaseAddress.ToString(),
            ["KRAKEN_API_KEY"] = "direct-key",
            ["KRAKEN_SECRET"] = Convert.ToBase64String(secret),
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "watchBalance", "createOrderWs", "watchOrders", "fetchOpenOrders", "cancelOrderWs"], result.Steps);
        Assert.False(result.Step("watchBalance")!["tokenIsPlaceholder"]!.GetValue<bool>());

        var frames = fake.WebSocket.Frames.Where(f => f.Method != "ping").ToList();
        Assert.Equal(["subscribe", "subscribe", "add_order", "cancel_order"], frames.Select(f => f.Method));
        var token = Assert.Single(fake.WebSocketTokens);
        Assert.All(frames, f =>
        {
            Assert.True(f.Success, $"{f.Method}: {f.Error}");
            Assert.Equal(SignatureCheck.Valid, f.TokenCheck);
            Assert.Equal(token, f.Token);
        });
        Assert.All(fake.Requests, r => Assert.True(r.Signature is SignatureCheck.Valid or SignatureCheck.NotRequired, $"{r.Path}: {r.Signature}"));
        Assert.Contains(fake.Requests, r => r.Path == "/0/private/GetWebSocketsToken" && r.Signature == SignatureCheck.Valid);
    }

    [Theory]
    [InlineData("""{"method":"add_order","params":{"order_type":"limit","side":"buy","order_qty":0.002,"limit_price":50000,"symbol":"BTC/USD","token":"not-a-token-the-fake-minted"},"req_id":7}""", SignatureCheck.Invalid)]
    [InlineData("""{"method":"subscribe","params":{"channel":"balances"},"req_id":7}""", SignatureCheck.Missing)]
    public async Task A_private_request_without_a_minted_token_is_refused(string frame, SignatureCheck check)
    {
        await using var fake = await FakeKraken.StartAsync(new FakeKrakenOptions { ApiKey = "direct-key", Secret = RandomNumberGenerator.GetBytes(64) });
        await using var client = await JsonWebSocketClient.ConnectAsync(fake.WebSocketAddress);
        Assert.Equal("status", (await client.ReceiveAsync())["channel"]!.GetValue<string>());

        var answer = await client.AskAsync(frame, m => m["req_id"] is not null);

        Assert.False(answer["success"]!.GetValue<bool>());
        Assert.Equal("ESession:Invalid session", answer["error"]!.GetValue<string>());
        Assert.Equal(7, answer["req_id"]!.GetValue<long>());
        Assert.Equal(check, Assert.Single(fake.WebSocket.Frames).TokenCheck);
        Assert.Empty(fake.OpenOrders());
    }
}
