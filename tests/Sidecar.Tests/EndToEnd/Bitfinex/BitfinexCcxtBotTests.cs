using System.Globalization;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bitfinex;

/// <summary>
/// A real ccxt bitfinex bot with placeholder credentials, through the real `sidecar run` process, to the fake
/// Bitfinex — both route forms, public calls through the api-pub venue, authenticated ones through the api venue.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BitfinexCcxtBotTests(SoftHsmToken token) : IAsyncLifetime
{
    private BitfinexAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await BitfinexAccount.CreateAsync(token);
        _sidecar = await SidecarProcessUnderTest.StartAsync(SidecarUnderTest.Config(token, _account.Venues()), token.Directory, SidecarProcessUnderTest.RequestLines);
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
        var result = await CcxtBot.RunAsync("bitfinex-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = mode,
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"], result.Steps);

        var seen = _account.Exchange.Requests;
        Assert.All(seen, r => Assert.True(r.Status == 200 && r.ErrorCode is null, $"{r.Method} {r.Path} → {r.Status} ({r.ErrorCode})"));
        var signed = seen.Where(r => r.Path.StartsWith("/v2/auth/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/v2/auth/r/wallets", "/v2/auth/w/order/submit", "/v2/auth/w/order/cancel"], signed.Select(r => r.Path));
        Assert.All(signed, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        Assert.All(signed, r => Assert.Equal(_account.ApiKey, r.Headers["bfx-apikey"]));
        Assert.All(seen.Where(r => !r.Path.StartsWith("/v2/auth/", StringComparison.Ordinal)), r => Assert.False(r.Headers.ContainsKey("bfx-apikey")));
        Assert.DoesNotContain(seen, r => r.Headers.ContainsKey("origin"));
        Assert.DoesNotContain(seen, r => r.Path.Contains("bitfinex.com", StringComparison.Ordinal) || r.Path.StartsWith("/bitfinex", StringComparison.Ordinal));

        // ccxt sent millisecond nonces; Sidecar set microsecond ones, strictly increasing, below MAX_SAFE_INTEGER.
        var nonces = signed.Select(r => long.Parse(r.Headers["bfx-nonce"], CultureInfo.InvariantCulture)).ToList();
        Assert.All(nonces, n => Assert.InRange(n, 1_000_000_000_000_000, 9007199254740991));
        Assert.Equal(nonces.Order(), nonces);
        Assert.Equal(nonces.Count, nonces.Distinct().Count());

        var output = _sidecar.Output;
        Assert.Contains("→ 200", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }
}
