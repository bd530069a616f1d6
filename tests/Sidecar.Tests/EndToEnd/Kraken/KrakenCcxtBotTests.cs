using System.Globalization;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kraken;

/// <summary>
/// A real ccxt kraken bot with placeholder credentials, through the real `sidecar run` process, to the fake Kraken —
/// both route forms. The fake verifies every signature and nonce with its own code.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KrakenCcxtBotTests(SoftHsmToken token) : IAsyncLifetime
{
    private KrakenAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await KrakenAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["kraken"] = SidecarUnderTest.Venue("kraken", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.kraken.com"),
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
        var result = await CcxtBot.RunAsync("kraken-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = mode,
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"], result.Steps);

        var seen = _account.Exchange.Requests;
        Assert.All(seen, r => Assert.True(r.Status == 200 && r.ErrorCode is null, $"{r.Method} {r.Path} → {r.Status} ({r.ErrorCode})"));
        var signed = seen.Where(r => r.Path.StartsWith("/0/private/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/0/private/BalanceEx", "/0/private/AddOrder", "/0/private/CancelOrder"], signed.Select(r => r.Path));
        Assert.All(signed, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        Assert.All(signed, r => Assert.Equal(_account.ApiKey, r.Headers["api-key"]));
        Assert.DoesNotContain(seen, r => r.Headers.ContainsKey("origin"));
        Assert.DoesNotContain(seen, r => r.Path.Contains("kraken.com", StringComparison.Ordinal) || r.Path.StartsWith("/kraken", StringComparison.Ordinal));

        // ccxt sent millisecond nonces; Sidecar raised them to microseconds, strictly increasing.
        var nonces = signed.Select(r => NonceOf(r.Body)).ToList();
        Assert.All(nonces, n => Assert.True(n > 1_000_000_000_000_000, n.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(nonces.Order(), nonces);
        Assert.Equal(nonces.Count, nonces.Distinct().Count());

        var output = _sidecar.Output;
        Assert.Contains("→ 200", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.SecretBase64, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }

    /// <summary>ccxt and Sidecar both put the nonce first in the form body.</summary>
    private static long NonceOf(string body)
    {
        Assert.StartsWith("nonce=", body, StringComparison.Ordinal);
        var amp = body.IndexOf('&', StringComparison.Ordinal);
        return long.Parse(body["nonce=".Length..(amp < 0 ? body.Length : amp)], CultureInfo.InvariantCulture);
    }
}
