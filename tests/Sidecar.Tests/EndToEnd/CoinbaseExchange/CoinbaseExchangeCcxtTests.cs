using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.CoinbaseExchange;

/// <summary>
/// ccxt's coinbaseexchange with placeholder credentials, through the real `sidecar run` process, to the fake
/// Coinbase Exchange — both route forms; and ccxt signing for itself (direct mode), which validates the fake.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseExchangeCcxtTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string Bot = "coinbase-exchange-bot.mjs";
    private static readonly string[] Steps = ["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"];

    private CoinbaseExchangeAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await CoinbaseExchangeAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject { ["coinbase-exchange"] = _account.Venue() });
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
        var result = await CcxtBot.RunAsync(Bot, new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = mode,
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Steps, result.Steps);

        var seen = _account.Exchange.Requests;
        Assert.All(seen, r => Assert.True(r.Status == 200, $"{r.Method} {r.Path} → {r.Status} ({r.ErrorCode})"));
        Assert.DoesNotContain(seen, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);
        var signed = seen.Where(r => r.Signature == SignatureCheck.Valid).ToList();
        Assert.Equal(["GET /accounts", "POST /orders", "DELETE /orders/{id}"], signed.Select(Route));
        Assert.All(signed, r => Assert.Equal(_account.ApiKey, r.Headers["cb-access-key"]));
        Assert.All(signed, r => Assert.Equal(_account.Passphrase, r.Headers["cb-access-passphrase"]));
        Assert.All(seen, r => Assert.False(r.Headers.ContainsKey("origin")));
        Assert.DoesNotContain(seen, r => r.Path.Contains("coinbase.com", StringComparison.Ordinal) || r.Path.StartsWith("/coinbase", StringComparison.Ordinal));

        var output = _sidecar.Output;
        Assert.Contains("→ 200", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Passphrase, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }

    private static string Route(ExchangeRequest r) =>
        r.Method + " " + (r.Path.StartsWith("/orders/", StringComparison.Ordinal) ? "/orders/{id}" : r.Path);

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
