using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd;

[Collection(HsmCollection.Name)]
public sealed class CcxtBotTests(SoftHsmToken token) : CcxtBinanceBotTests(token, "binance-hmac");

[Collection(HsmCollection.Name)]
public sealed class CcxtBinanceEd25519BotTests(SoftHsmToken token) : CcxtBinanceBotTests(token, "binance-ed25519");

/// <summary>
/// A real ccxt bot (npm ccxt, pinned in tests/ccxt) with placeholder credentials, through the real `sidecar run`
/// process, to the fake Binance — both route forms, spot and USD-M — for each Binance key type. ccxt signs with its
/// placeholder HMAC secret; Sidecar replaces that signature with one made by the venue's key.
/// </summary>
public abstract class CcxtBinanceBotTests(SoftHsmToken token, string scheme) : IAsyncLifetime
{
    private BinanceAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = scheme == "binance-ed25519" ? await BinanceAccount.CreateEd25519Async(token) : await BinanceAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue(scheme, _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.binance.com"),
            ["binance-usdm"] = SidecarUnderTest.Venue(scheme, _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "fapi.binance.com"),
        });
        _sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory, SidecarProcessUnderTest.RequestLines);
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
        if (_account.Secret.Length > 0)
        {
            Assert.DoesNotContain(_account.Secret, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }
}
