using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kucoin;

/// <summary>
/// A real ccxt kucoin bot (tests/ccxt/kucoin-bot.mjs) with placeholder credentials (key, secret and password),
/// through the real `sidecar run` process, to the fake KuCoin — both route forms.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KucoinCcxtBotTests(SoftHsmToken token) : IAsyncLifetime
{
    private static readonly string[] SignedPaths =
        ["/api/ua/v1/account/mode", "/api/v3/margin/symbols", "/api/v1/isolated/symbols", "/api/v1/hf/accounts/opened", "/api/v1/accounts", "/api/v1/orders"];

    private KucoinAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await KucoinAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["kucoin"] = SidecarUnderTest.VenueWithPassphrase("kucoin", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel, "api.kucoin.com"),
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
        var result = await CcxtBot.RunAsync("kucoin-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = mode,
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
            ["SIDECAR_VENUE"] = "kucoin",
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"], result.Steps);

        var seen = _account.Exchange.Requests;
        Assert.All(seen, r => Assert.True(r.Status == 200, $"{r.Method} {r.Path} → {r.Status} ({r.ErrorCode})"));
        Assert.DoesNotContain(seen, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);
        var signed = seen.Where(r => r.Signature == SignatureCheck.Valid).Select(r => r.Path).ToList();
        Assert.Equal(SignedPaths.Length + 1, signed.Count); // + DELETE /api/v1/orders/{id}
        Assert.All(SignedPaths, path => Assert.Contains(path, signed));
        Assert.Contains(seen, r => r.Method == "DELETE" && r.Path.StartsWith("/api/v1/orders/", StringComparison.Ordinal) && r.Signature == SignatureCheck.Valid);
        Assert.Contains(seen, r => r.Path == "/api/v2/symbols" && r.Signature == SignatureCheck.NotRequired && !r.Headers.ContainsKey("kc-api-key"));
        Assert.All(seen.Where(r => r.Headers.ContainsKey("kc-api-key")), r =>
        {
            Assert.Equal(_account.ApiKey, r.Headers["kc-api-key"]);
            Assert.Equal("2", r.Headers["kc-api-key-version"]);
        });

        // ccxt's broker headers sign its placeholder key: Sidecar removes them rather than forward a wrong signature.
        Assert.DoesNotContain(seen, r => r.Headers.Keys.Any(name => name.StartsWith("kc-api-partner", StringComparison.Ordinal)));
        Assert.DoesNotContain(seen, r => r.Headers.Values.Any(v => v.Contains("placeholder", StringComparison.Ordinal)));
        Assert.DoesNotContain(seen, r => r.Headers.ContainsKey("origin"));
        Assert.DoesNotContain(seen, r => r.Path.Contains("kucoin.com", StringComparison.Ordinal) || r.Path.StartsWith("/kucoin", StringComparison.Ordinal));

        var output = _sidecar.Output;
        Assert.Contains("→ 200", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Passphrase, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }
}
