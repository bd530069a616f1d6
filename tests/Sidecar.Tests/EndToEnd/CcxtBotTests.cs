using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd;

/// <summary>
/// A real ccxt bot (npm ccxt, pinned in tests/ccxt) with placeholder credentials, through the real `sidecar run`
/// process, to the fake Binance — both route forms, spot and USD-M.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CcxtBotTests(SoftHsmToken token) : IAsyncLifetime
{
    private BinanceAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await BinanceAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.binance.com"),
            ["binance-usdm"] = SidecarUnderTest.Venue("binance-hmac", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "fapi.binance.com"),
        });
        _sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Theory]
    [InlineData("proxyUrl", "spot")]
    [InlineData("proxyUrl", "usdm")]
    [InlineData("prefix", "spot")]
    [InlineData("prefix", "usdm")]
    public async Task Ccxt_bot_with_placeholder_credentials_trades_through_sidecar(string mode, string market)
    {
        var result = await CcxtBot.RunAsync("bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = mode,
            ["MARKET"] = market,
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "fetchOpenOrders", "cancelOrder", "listenKey", "listenKeyKeepAlive", "listenKeyClose"], result.Steps);

        var seen = _account.Exchange.Requests;
        Assert.All(seen, r => Assert.True(r.Status == 200, $"{r.Method} {r.Path} → {r.Status} ({r.BinanceCode})"));
        Assert.DoesNotContain(seen, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);
        Assert.Equal(4, seen.Count(r => r.Signature == SignatureCheck.Valid));
        Assert.All(seen.Where(r => r.ApiKeyHeader is not null), r => Assert.Equal(_account.ApiKey, r.ApiKeyHeader));
        Assert.All(seen, r => Assert.Null(r.Origin));
        Assert.DoesNotContain(seen, r => r.Path.Contains("binance.com", StringComparison.Ordinal) || r.Path.StartsWith("/binance", StringComparison.Ordinal));

        var output = _sidecar.Output;
        Assert.Contains("→ 200", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }
}
