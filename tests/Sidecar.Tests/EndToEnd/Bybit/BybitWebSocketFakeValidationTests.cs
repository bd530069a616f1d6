using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bybit;

/// <summary>
/// The fake Bybit's WebSocket API checked against ccxt pro's own signer, with no Sidecar involved (bybit-ws-bot.mjs in
/// direct mode): every step passes, both auth frames (private stream, order entry) verify with the account's key and
/// every frame is answered with success. The fake's own check of an auth frame: the right secret, a wrong one (10004),
/// an expiry already past (10002).
/// </summary>
public sealed class BybitWebSocketFakeValidationTests
{
    public static readonly string[] Steps = ["loadMarkets", "watchBalance", "createOrderWs", "watchOrders", "fetchOpenOrders", "cancelOrderWs"];

    [Fact]
    public async Task Ccxt_signing_itself_passes_every_step()
    {
        await using var account = await BybitAccount.CreateAsync(token: null);

        var result = await RunDirectAsync(account, account.Secret);

        var frames = account.Exchange.WebSocketFrames;
        WebSocketBotChecks.Passed(result, Steps, frames, account.Exchange.Requests, output: "");
        var auths = frames.Where(f => f.Op == "auth").ToArray();
        Assert.Equal(["/v5/private", "/v5/trade"], auths.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.All(auths, f => Assert.Equal((SignatureCheck.Valid, account.ApiKey), (f.Signature, f.ApiKey)));
        Assert.Equal(["order.create", "order.cancel"], frames.Where(f => f.Path == "/v5/trade" && f.Op != "auth").Select(f => f.Op));

        // The REST half (markets, ccxt's isUnifiedEnabled calls, open orders) against the same fake.
        var rest = account.Exchange.Requests;
        Assert.Contains(rest, r => r.Path == "/v5/user/query-api" && r.Signature == SignatureCheck.Valid);
        Assert.Contains(rest, r => r.Path == "/v5/account/info" && r.Signature == SignatureCheck.Valid);
    }

    [Theory]
    [InlineData("right", 0, "0", SignatureCheck.Valid)]
    [InlineData("wrong secret", 0, "10004", SignatureCheck.Invalid)]
    [InlineData("expired", -1_000, "10002", SignatureCheck.Valid)]
    public async Task The_fake_checks_an_auth_frame_with_its_own_code(string secret, long expiresIn, string code, SignatureCheck check)
    {
        await using var account = await BybitAccount.CreateAsync(token: null);
        await using var bot = await TextWebSocketClient.ConnectAsync(new Uri(account.Exchange.WebSocketAddress, "/v5/private"));
        var expires = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (expiresIn == 0 ? 10_000 : expiresIn)).ToString(CultureInfo.InvariantCulture);
        var key = Encoding.UTF8.GetBytes(secret == "wrong secret" ? TestSecrets.BinanceStyle() : account.Secret);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("GET/realtime" + expires)));

        var answer = await bot.AskAsync($$"""{"req_id":"a1","op":"auth","args":["{{account.ApiKey}}","{{expires}}","{{signature}}"]}""", a => a["op"]?.ToString() == "auth");

        Assert.Equal(code == "0", (bool)answer["success"]!);
        var frame = Assert.Single(account.Exchange.WebSocketFrames);
        Assert.Equal((code, check, account.ApiKey), (frame.Code, frame.Signature, frame.ApiKey));
    }

    [Fact]
    public async Task Ccxt_with_a_wrong_secret_fails_and_the_fake_saw_no_valid_signature()
    {
        await using var account = await BybitAccount.CreateAsync(token: null);

        var result = await RunDirectAsync(account, TestSecrets.BinanceStyle());

        // ccxt's REST calls come first (loadMarkets' coin info, isUnifiedEnabled) and are refused with 10004.
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("10004", string.Join('\n', result.Lines), StringComparison.Ordinal);
        Assert.DoesNotContain(account.Exchange.WebSocketFrames, f => f.Code == "0" && f.Op != "ping");
    }

    internal static Task<CcxtBot.Result> RunDirectAsync(BybitAccount account, string secret) =>
        CcxtBot.RunAsync("bybit-ws-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            ["BYBIT_URL"] = account.Exchange.BaseAddress.ToString(),
            ["BYBIT_API_KEY"] = account.ApiKey,
            ["BYBIT_SECRET"] = secret,
        });
}
