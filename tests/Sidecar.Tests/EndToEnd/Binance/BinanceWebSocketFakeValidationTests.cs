using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Binance.WebSocket;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Binance;

/// <summary>
/// The fake Binance's WebSocket side checked against ccxt pro's own signer, with no Sidecar involved
/// (binance-ws-bot.mjs in direct mode): for an HMAC and an Ed25519 key, spot and USDⓈ-M, every step passes and every
/// signed frame verifies with the account's key; with a wrong secret the fake answers -1022 and ccxt fails.
/// </summary>
public sealed class BinanceWebSocketFakeValidationTests
{
    public static TheoryData<string, string> KeysAndMarkets => new()
    {
        { "hmac", "spot" },
        { "hmac", "usdm" },
        { "ed25519", "spot" },
        { "ed25519", "usdm" },
    };

    [Theory]
    [MemberData(nameof(KeysAndMarkets))]
    public async Task Ccxt_signing_itself_passes_every_step(string keyType, string market)
    {
        await using var account = await CreateAccountAsync(keyType);

        var result = await RunDirectAsync(account, market, account.Secret);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "watchBalance", "createOrderWs", "watchOrders", "fetchOpenOrders", "cancelOrderWs"], result.Steps);

        var frames = account.Exchange.WebSocketRequests;
        Assert.Equal(
            market == "spot" ? ["userDataStream.subscribe.signature", "order.place", "order.cancel"] : ["order.place", "order.cancel"],
            frames.Select(f => f.Method));
        Assert.All(frames, f =>
        {
            Assert.True(f.Status == 200, $"{f.Method} → {f.Status} ({f.BinanceCode})");
            Assert.Equal(SignatureCheck.Valid, f.Signature);
            Assert.Equal(account.ApiKey, f.ApiKey);
            Assert.False(f.SessionAuthenticated);
        });

        // The REST half of the bot (markets, the USDⓈ-M listen key, open orders) against the same fake.
        var rest = account.Exchange.Requests;
        Assert.All(rest, r => Assert.True(r.Status == 200, $"{r.Method} {r.Path} → {r.Status} ({r.BinanceCode})"));
        Assert.DoesNotContain(rest, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);

        var connections = account.Exchange.WebSockets.Connections;
        Assert.Equal(
            market == "spot" ? [FakeBinanceWebSockets.SpotApiPath] : [FakeBinanceWebSockets.UsdmUserStreamPath, FakeBinanceWebSockets.UsdmApiPath],
            connections.Select(c => c.Path));
    }

    [Theory]
    [InlineData("spot")]
    [InlineData("usdm")]
    public async Task Ccxt_with_a_wrong_secret_gets_binances_invalid_signature_error(string market)
    {
        await using var account = await BinanceAccount.CreateAsync(token: null);

        var result = await RunDirectAsync(account, market, account.Secret + "x");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("-1022", string.Join('\n', result.Lines), StringComparison.Ordinal);
        var rejected = Assert.Single(account.Exchange.WebSocketRequests, f => f.Signature == SignatureCheck.Invalid);
        Assert.Equal((400, -1022), (rejected.Status, rejected.BinanceCode));
        Assert.Equal(account.ApiKey, rejected.ApiKey);
    }

    private static Task<BinanceAccount> CreateAccountAsync(string keyType) =>
        keyType == "ed25519" ? BinanceAccount.CreateEd25519WithPrivateKeyAsync() : BinanceAccount.CreateAsync(token: null);

    private static Task<CcxtBot.Result> RunDirectAsync(BinanceAccount account, string market, string secret) =>
        CcxtBot.RunAsync("binance-ws-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            ["MARKET"] = market,
            ["BINANCE_URL"] = account.Exchange.BaseAddress.ToString(),
            ["BINANCE_API_KEY"] = account.ApiKey,
            ["BINANCE_SECRET"] = secret,
        });
}
