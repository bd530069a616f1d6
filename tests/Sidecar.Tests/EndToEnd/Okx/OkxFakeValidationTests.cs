using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Okx;

/// <summary>
/// The fake OKX checked against ccxt's own signer, with no Sidecar involved (okx-bot.mjs in direct mode): with the
/// right secret every step passes and every signed call verifies; with a wrong one the fake answers 50113.
/// </summary>
public sealed class OkxFakeValidationTests
{
    [Fact]
    public async Task Ccxt_signing_itself_passes_every_step()
    {
        await using var account = await OkxAccount.CreateAsync(token: null);

        var result = await RunDirect(account, account.Secret);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"], result.Steps);
        var seen = account.Exchange.Requests;
        Assert.All(seen, r => Assert.True(r.Status == 200, $"{r.Method} {r.Path} → {r.Status} ({r.ErrorCode})"));
        Assert.Equal(4, seen.Count(r => r.Signature == SignatureCheck.Valid));
    }

    [Fact]
    public async Task Ccxt_with_a_wrong_secret_gets_okxs_invalid_sign_error()
    {
        await using var account = await OkxAccount.CreateAsync(token: null);

        var result = await RunDirect(account, account.Secret.ToLowerInvariant() + "0");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("50113", string.Join('\n', result.Lines), StringComparison.Ordinal);
        Assert.Contains(account.Exchange.Requests, r => r.Signature == SignatureCheck.Invalid && r.ErrorCode == "50113");
    }

    private static Task<CcxtBot.Result> RunDirect(OkxAccount account, string secret) =>
        CcxtBot.RunAsync("okx-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            ["OKX_URL"] = account.Exchange.BaseAddress.ToString(),
            ["OKX_API_KEY"] = account.ApiKey,
            ["OKX_SECRET"] = secret,
            ["OKX_PASSWORD"] = account.Passphrase,
        });
}
