using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Deribit;

/// <summary>
/// The fake Deribit's WebSocket API checked against ccxt pro's own signer, with no Sidecar involved
/// (deribit-ws-bot.mjs in direct mode): every step passes and the login verifies with the account's secret; with a
/// wrong secret the fake answers 13009 unauthorized and ccxt fails.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class DeribitWebSocketFakeValidationTests(SoftHsmToken token)
{
    public static readonly string[] DirectSteps = ["loadMarkets", "watchBalance", "buyWs", "watchOrders", "fetchOpenOrders", "cancelWs"];

    [Fact]
    public async Task Ccxt_signing_itself_passes_every_step()
    {
        await using var account = await DeribitAccount.CreateAsync(token);

        var result = await RunDirectAsync(account, account.ClientSecret);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(DirectSteps, result.Steps);
        var frames = account.Exchange.WebSockets.Frames;
        Assert.Equal(["public/auth", "private/subscribe", "private/subscribe", "private/buy", "private/cancel"], frames.Select(f => f.Method));
        Assert.All(frames, f => Assert.True(f.Succeeded, $"{f.Method} → {f.ErrorCode} {f.ErrorMessage}"));
        var login = frames[0];
        Assert.Equal(("client_signature", account.ClientId, SignatureCheck.Valid), (login.GrantType, login.ClientId, login.Signature));
        Assert.All(frames.Skip(1), f => Assert.Equal("connection", f.Authorization));
        Assert.Contains("\"accessToken\":\"exchange\"", string.Join('\n', result.Lines), StringComparison.Ordinal);
        Assert.DoesNotContain(account.Exchange.Requests, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);
    }

    [Fact]
    public async Task Ccxt_with_a_wrong_secret_gets_deribits_unauthorized_error()
    {
        await using var account = await DeribitAccount.CreateAsync(token);

        var result = await RunDirectAsync(account, account.ClientSecret + "x");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(["loadMarkets", "watchBalance"], result.Steps);
        Assert.Contains("13009", string.Join('\n', result.Lines), StringComparison.Ordinal);
        var login = Assert.Single(account.Exchange.WebSockets.Frames);
        Assert.Equal(("public/auth", SignatureCheck.Invalid, 13009), (login.Method, login.Signature, login.ErrorCode));
        Assert.Empty(account.Exchange.WebSockets.IssuedTokens);
    }

    private static Task<CcxtBot.Result> RunDirectAsync(DeribitAccount account, string secret) =>
        CcxtBot.RunAsync("deribit-ws-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            ["DERIBIT_URL"] = account.Exchange.BaseAddress.ToString(),
            ["DERIBIT_CLIENT_ID"] = account.ClientId,
            ["DERIBIT_SECRET"] = secret,
        });
}
