using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.CoinbaseExchange;

/// <summary>
/// ccxt's coinbaseexchange signing for itself (direct mode), which validates the fake. The run through Sidecar is a
/// row of <see cref="Conformance.CcxtRestConformanceTests"/>.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseExchangeCcxtTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string Bot = "coinbase-exchange-bot.mjs";
    private static readonly string[] Steps = ["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"];

    private CoinbaseExchangeAccount _account = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await CoinbaseExchangeAccount.CreateAsync(token);
    }

    public async Task DisposeAsync() => await _account.DisposeAsync();

    [Fact]
    public async Task Fake_accepts_what_ccxt_signs_itself()
    {
        var result = await CcxtBot.RunAsync(Bot, new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            ["EXCHANGE_URL"] = _account.Exchange.BaseAddress.ToString(),
            ["EXCHANGE_API_KEY"] = _account.ApiKey,
            ["EXCHANGE_SECRET"] = _account.Secret,
            ["EXCHANGE_PASSWORD"] = _account.Passphrase,
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Steps, result.Steps);
        Assert.Equal(3, _account.Exchange.Requests.Count(r => r.Signature == SignatureCheck.Valid));
    }

    [Fact]
    public async Task Fake_rejects_what_ccxt_signs_with_another_secret()
    {
        var result = await CcxtBot.RunAsync(Bot, new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            ["EXCHANGE_URL"] = _account.Exchange.BaseAddress.ToString(),
            ["EXCHANGE_API_KEY"] = _account.ApiKey,
            ["EXCHANGE_SECRET"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64)),
            ["EXCHANGE_PASSWORD"] = _account.Passphrase,
        });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(["loadMarkets", "fetchBalance"], result.Steps);
        Assert.Contains("invalid signature", result.ToString(), StringComparison.Ordinal);
        var rejected = Assert.Single(_account.Exchange.Requests, r => r.Signature != SignatureCheck.NotRequired);
        Assert.Equal((SignatureCheck.Invalid, 401), (rejected.Signature, rejected.Status));
    }
}
