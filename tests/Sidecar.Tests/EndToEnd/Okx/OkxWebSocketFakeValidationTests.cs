using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Okx;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Okx;

/// <summary>
/// The fake OKX's WebSocket API checked against ccxt pro's own signer, with no Sidecar involved (okx-ws-bot.mjs in
/// direct mode): every step passes, the login verifies with the account's key and passphrase, every frame is answered
/// with success. The fake's own check of a login frame: the right credentials, a wrong secret (60007), a wrong
/// passphrase (60024), a timestamp a minute old (60006), a login on the public endpoint (60008).
/// </summary>
public sealed class OkxWebSocketFakeValidationTests
{
    public static readonly string[] Steps = ["loadMarkets", "watchBalance", "createOrderWs", "watchOrders", "fetchOpenOrders", "cancelOrderWs"];

    [Fact]
    public async Task Ccxt_signing_itself_passes_every_step()
    {
        await using var account = await OkxAccount.CreateAsync(token: null);

        var result = await RunDirectAsync(account, account.Secret, account.Passphrase);

        var frames = account.Exchange.WebSocketFrames;
        WebSocketBotChecks.Passed(result, Steps, frames, account.Exchange.Requests, output: "");
        var login = Assert.Single(frames, f => f.Op == "login");
        Assert.Equal(("/ws/v5/private", SignatureCheck.Valid, account.ApiKey), (login.Path, login.Signature, login.ApiKey));
        Assert.Equal(["batch-orders", "cancel-order"], frames.Where(f => f.Op is not ("login" or "subscribe" or "ping")).Select(f => f.Op));

        // ccxt names the instrument by instIdCode when the instruments answer has one, as OKX's does now.
        Assert.Contains(FakeOkx.InstIdCode.ToString(System.Globalization.CultureInfo.InvariantCulture), frames.Single(f => f.Op == "batch-orders").Frame, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("right", "/ws/v5/private", 0, "0", SignatureCheck.Valid)]
    [InlineData("right", "/ws/v5/business", 0, "0", SignatureCheck.Valid)]
    [InlineData("wrong secret", "/ws/v5/private", 0, "60007", SignatureCheck.Invalid)]
    [InlineData("wrong passphrase", "/ws/v5/private", 0, "60024", SignatureCheck.NotRequired)]
    [InlineData("stale", "/ws/v5/private", -60, "60006", SignatureCheck.Valid)]
    [InlineData("right", "/ws/v5/public", 0, "60008", SignatureCheck.NotRequired)]
    public async Task The_fake_checks_a_login_frame_with_its_own_code(string variant, string path, long secondsOff, string code, SignatureCheck check)
    {
        await using var account = await OkxAccount.CreateAsync(token: null);
        await using var bot = await TextWebSocketClient.ConnectAsync(new Uri(account.Exchange.WebSocketAddress, path));
        var timestamp = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + secondsOff).ToString(CultureInfo.InvariantCulture);
        var secret = Encoding.UTF8.GetBytes(variant == "wrong secret" ? account.Secret + "0" : account.Secret);
        var sign = Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(timestamp + "GET/users/self/verify")));
        var passphrase = variant == "wrong passphrase" ? account.Passphrase + "x" : account.Passphrase;

        var answer = await bot.AskAsync(
            $$"""{"op":"login","args":[{"apiKey":"{{account.ApiKey}}","passphrase":{{JsonSerializer.Serialize(passphrase)}},"timestamp":"{{timestamp}}","sign":"{{sign}}"}]}""",
            a => a["event"] is not null);

        Assert.Equal((code == "0" ? "login" : "error", code), (answer["event"]!.ToString(), answer["code"]!.ToString()));
        var frame = Assert.Single(account.Exchange.WebSocketFrames);
        Assert.Equal((code, check, account.ApiKey), (frame.Code, frame.Signature, frame.ApiKey));
    }

    internal static Task<CcxtBot.Result> RunDirectAsync(OkxAccount account, string secret, string passphrase) =>
        CcxtBot.RunAsync("okx-ws-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            ["OKX_URL"] = account.Exchange.BaseAddress.ToString(),
            ["OKX_API_KEY"] = account.ApiKey,
            ["OKX_SECRET"] = secret,
            ["OKX_PASSWORD"] = passphrase,
        });
}
