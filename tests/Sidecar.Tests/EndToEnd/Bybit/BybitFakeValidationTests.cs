using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bybit;

/// <summary>
/// The fake Bybit checked against ccxt's own signer, with no Sidecar involved (bybit-bot.mjs in direct mode): with
/// the right secret every step passes and every signed call verifies; with a wrong one the fake answers 10004.
/// This is what makes the fake an independent judge of Sidecar's signatures.
/// </summary>
public sealed class BybitFakeValidationTests
{
    [Fact]
    public async Task Ccxt_signing_itself_passes_every_step()
    {
        await using var account = await BybitAccount.CreateAsync(token: null);

        var result = await RunDirect(account, account.Secret);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"], result.Steps);
        var seen = account.Exchange.Requests;
        Assert.All(seen, r => Assert.True(r.Status == 200, $"{r.Method} {r.Path} → {r.Status} ({r.ErrorCode})"));
        Assert.Equal(6, seen.Count(r => r.Signature == SignatureCheck.Valid));
    }

    [Fact]
    public async Task Ccxt_with_a_wrong_secret_gets_bybits_invalid_sign_error()
    {
        await using var account = await BybitAccount.CreateAsync(token: null);

        var result = await RunDirect(account, TestSecrets.BinanceStyle());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("10004", string.Join('\n', result.Lines), StringComparison.Ordinal);
        Assert.Contains(account.Exchange.Requests, r => r.Signature == SignatureCheck.Invalid && r.ErrorCode == "10004");
    }

    private static Task<CcxtBot.Result> RunDirect(BybitAccount account, string secret) =>
        CcxtBot.RunAsync("bybit-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            ["BYBIT_URL"] = account.Exchange.BaseAddress.ToString(),
            ["BYBIT_API_KEY"] = account.ApiKey,
            ["BYBIT_SECRET"] = secret,
        });
}
