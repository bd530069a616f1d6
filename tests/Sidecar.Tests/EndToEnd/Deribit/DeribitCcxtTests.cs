using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Deribit;

/// <summary>
/// ccxt's deribit signing for itself (direct mode), which validates the fake. The run through Sidecar is a row of
/// <see cref="Conformance.CcxtRestConformanceTests"/>.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class DeribitCcxtTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string Bot = "deribit-bot.mjs";
    private static readonly string[] Steps = ["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"];

    private DeribitAccount _account = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await DeribitAccount.CreateAsync(token);
    }

    public async Task DisposeAsync() => await _account.DisposeAsync();

    [Fact]
    public async Task Fake_accepts_what_ccxt_signs_itself()
    {
        var result = await RunDirectAsync(_account.ClientSecret);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Steps, result.Steps);
        Assert.Equal(3, _account.Exchange.Requests.Count(r => r.Signature == SignatureCheck.Valid));
    }

    [Fact]
    public async Task Fake_rejects_what_ccxt_signs_with_another_secret()
    {
        var result = await RunDirectAsync("another-secret-entirely");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(["loadMarkets", "fetchBalance"], result.Steps);
        Assert.Contains("unauthorized", result.ToString(), StringComparison.Ordinal);
        var rejected = Assert.Single(_account.Exchange.Requests, r => r.Signature != SignatureCheck.NotRequired);
        Assert.Equal((SignatureCheck.Invalid, 400, "13009 unauthorized"), (rejected.Signature, rejected.Status, rejected.ErrorCode));
    }

    private Task<CcxtBot.Result> RunDirectAsync(string secret) => CcxtBot.RunAsync(Bot, new Dictionary<string, string>
    {
        ["SIDECAR_MODE"] = "direct",
        ["EXCHANGE_URL"] = _account.Exchange.BaseAddress.ToString(),
        ["EXCHANGE_API_KEY"] = _account.ClientId,
        ["EXCHANGE_SECRET"] = secret,
    });
}
