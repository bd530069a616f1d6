using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bybit;

/// <summary>
/// A real ccxt bybit bot (tests/ccxt/bybit-bot.mjs) with placeholder credentials, through the real `sidecar run`
/// process, to the fake Bybit — both route forms.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BybitCcxtBotTests(SoftHsmToken token) : IAsyncLifetime
{
    private static readonly string[] SignedPaths =
        ["/v5/asset/coin/query-info", "/v5/user/query-api", "/v5/account/info", "/v5/account/wallet-balance", "/v5/order/create", "/v5/order/cancel"];

    private BybitAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await BybitAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["bybit"] = SidecarUnderTest.Venue("bybit-v5", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.bybit.com"),
        });
        _sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory, SidecarProcessUnderTest.RequestLines);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Theory]
    [InlineData("proxyUrl")]
    [InlineData("prefix")]
    public async Task Ccxt_bot_with_placeholder_credentials_trades_through_sidecar(string mode)
    {
        var result = await CcxtBot.RunAsync("bybit-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = mode,
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
            ["SIDECAR_VENUE"] = "bybit",
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"], result.Steps);

        var seen = _account.Exchange.Requests;
        Assert.All(seen, r => Assert.True(r.Status == 200, $"{r.Method} {r.Path} → {r.Status} ({r.ErrorCode})"));
        Assert.DoesNotContain(seen, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);
        Assert.Equal(SignedPaths.Order(StringComparer.Ordinal), seen.Where(r => r.Signature == SignatureCheck.Valid).Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Contains(seen, r => r.Path == "/v5/market/instruments-info" && r.Signature == SignatureCheck.NotRequired && !r.Headers.ContainsKey("x-bapi-api-key"));
        Assert.All(seen.Where(r => r.Headers.ContainsKey("x-bapi-api-key")), r => Assert.Equal(_account.ApiKey, r.Headers["x-bapi-api-key"]));
        Assert.DoesNotContain(seen, r => r.Headers.Values.Any(v => v.Contains("placeholder", StringComparison.Ordinal)));
        Assert.DoesNotContain(seen, r => r.Headers.ContainsKey("origin") || r.Headers.ContainsKey("x-bapi-sign-type"));
        Assert.All(seen.Where(r => r.Method == "POST"), r => Assert.Equal("CCXT", r.Headers["referer"]));
        Assert.DoesNotContain(seen, r => r.Path.Contains("bybit.com", StringComparison.Ordinal) || r.Path.StartsWith("/bybit", StringComparison.Ordinal));

        var output = _sidecar.Output;
        Assert.Contains("→ 200", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }
}
