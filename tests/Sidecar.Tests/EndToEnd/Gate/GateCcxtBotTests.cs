using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Gate;

/// <summary>
/// A real ccxt gate bot with placeholder credentials, through the real `sidecar run` process, to the fake Gate —
/// both route forms. The fake verifies every signature and timestamp with its own code.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class GateCcxtBotTests(SoftHsmToken token) : IAsyncLifetime
{
    private GateAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await GateAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["gate"] = SidecarUnderTest.Venue("gate-v4", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.gateio.ws"),
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
        var result = await CcxtBot.RunAsync("gate-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = mode,
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"], result.Steps);

        var seen = _account.Exchange.Requests;
        Assert.All(seen, r => Assert.True(r.Status is 200 or 201 && r.ErrorCode is null, $"{r.Method} {r.Path} → {r.Status} ({r.ErrorCode})"));
        var signed = seen.Where(r => r.Signature != SignatureCheck.NotRequired).ToList();
        Assert.Equal(
            ["GET /api/v4/account/detail", "GET /api/v4/spot/accounts", "POST /api/v4/spot/orders", "DELETE /api/v4/spot/orders/"],
            signed.Select(r => $"{r.Method} {(r.Path.StartsWith("/api/v4/spot/orders/", StringComparison.Ordinal) ? "/api/v4/spot/orders/" : r.Path)}"));
        Assert.All(signed, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        Assert.All(signed, r => Assert.Equal(_account.ApiKey, r.Headers["key"]));
        Assert.All(seen.Where(r => r.Signature == SignatureCheck.NotRequired), r => Assert.False(r.Headers.ContainsKey("key")));
        Assert.DoesNotContain(seen, r => r.Headers.ContainsKey("origin"));
        Assert.DoesNotContain(seen, r => r.Path.Contains("gateio.ws", StringComparison.Ordinal) || r.Path.StartsWith("/gate", StringComparison.Ordinal));

        var output = _sidecar.Output;
        Assert.Contains("→ 200", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }
}
