using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.FakeExchange.Deribit;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Deribit;

/// <summary>
/// ccxt's deribit with placeholder credentials, through the real `sidecar run` process, to the fake Deribit —
/// both route forms; and ccxt signing for itself (direct mode), which validates the fake.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class DeribitCcxtTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string Bot = "deribit-bot.mjs";
    private static readonly string[] Steps = ["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"];

    private DeribitAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await DeribitAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject { ["deribit"] = _account.Venue() });
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
        Assert.Equal(
            ["GET /api/v2/private/get_account_summaries", "GET /api/v2/private/buy", "GET /api/v2/private/cancel"],
            signed.Select(r => r.Method + " " + r.Path));
        Assert.All(signed, r => Assert.Equal(_account.ClientId, DeribitSignature.ParseAuthorization(r.Headers["authorization"])!["id"]));
        Assert.StartsWith("instrument_name=BTC-PERPETUAL&amount=10&type=limit&price=50000", signed[1].RawQuery, StringComparison.Ordinal);
        Assert.All(seen, r => Assert.False(r.Headers.ContainsKey("origin")));
        Assert.DoesNotContain(seen, r => r.Path.Contains("deribit.com", StringComparison.Ordinal) || r.Path.StartsWith("/deribit", StringComparison.Ordinal));

        var output = _sidecar.Output;
        Assert.Contains("→ 200", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ClientSecret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }

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
