using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Okx;

/// <summary>
/// A real ccxt okx bot (tests/ccxt/okx-bot.mjs) with placeholder credentials (key, secret and password), through the
/// real `sidecar run` process, to the fake OKX — both route forms.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class OkxCcxtBotTests(SoftHsmToken token) : IAsyncLifetime
{
    private static readonly string[] SignedPaths =
        ["/api/v5/asset/currencies", "/api/v5/account/balance", "/api/v5/trade/batch-orders", "/api/v5/trade/cancel-order"];

    private OkxAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await OkxAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["okx"] = SidecarUnderTest.VenueWithPassphrase("okx-v5", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel, "www.okx.com"),
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
        var result = await CcxtBot.RunAsync("okx-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = mode,
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
            ["SIDECAR_VENUE"] = "okx",
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"], result.Steps);

        var seen = _account.Exchange.Requests;
        Assert.All(seen, r => Assert.True(r.Status == 200, $"{r.Method} {r.Path} → {r.Status} ({r.ErrorCode})"));
        Assert.DoesNotContain(seen, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);
        Assert.Equal(SignedPaths.Order(StringComparer.Ordinal), seen.Where(r => r.Signature == SignatureCheck.Valid).Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Contains(seen, r => r.Path == "/api/v5/public/instruments" && r.Signature == SignatureCheck.NotRequired && !r.Headers.ContainsKey("ok-access-key"));
        Assert.All(seen.Where(r => r.Headers.ContainsKey("ok-access-key")), r =>
        {
            Assert.Equal(_account.ApiKey, r.Headers["ok-access-key"]);
            Assert.Equal(_account.Passphrase, r.Headers["ok-access-passphrase"]);
        });
        Assert.DoesNotContain(seen, r => r.Headers.Values.Any(v => v.Contains("placeholder", StringComparison.Ordinal)));
        Assert.DoesNotContain(seen, r => r.Headers.ContainsKey("origin"));

        // ccxt's broker id rides in the signed body: the client order id prefix and the tag.
        var order = Assert.Single(seen, r => r.Path == "/api/v5/trade/batch-orders");
        Assert.Contains("\"clOrdId\":\"6b9ad766b55dBCDE", order.Body, StringComparison.Ordinal);
        Assert.Contains("\"tag\":\"6b9ad766b55dBCDE\"", order.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(seen, r => r.Path.Contains("okx.com", StringComparison.Ordinal) || r.Path.StartsWith("/okx", StringComparison.Ordinal));

        var output = _sidecar.Output;
        Assert.Contains("→ 200", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Passphrase, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }
}
