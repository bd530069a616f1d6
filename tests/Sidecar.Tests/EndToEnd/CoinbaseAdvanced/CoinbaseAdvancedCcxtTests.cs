using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.FakeExchange.CoinbaseAdvanced;
using Sidecar.Tests.Infrastructure;
using Sidecar.Tests.Signing.CoinbaseAdvanced;

namespace Sidecar.Tests.EndToEnd.CoinbaseAdvanced;

/// <summary>
/// ccxt's coinbase with a placeholder CDP key (a throwaway EC key ccxt really signs with), through the real
/// `sidecar run` process, to the fake Coinbase Advanced Trade — both route forms; and ccxt signing for itself
/// (direct mode) with a key the fake trusts, which validates the fake's JWT checks against ccxt's own signer.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseAdvancedCcxtTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string Bot = "coinbase-advanced-bot.mjs";
    private static readonly string[] Steps = ["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"];

    private CoinbaseAdvancedAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await CoinbaseAdvancedAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject { ["coinbase-advanced"] = _account.Venue() });
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
    public async Task Ccxt_bot_with_a_placeholder_key_trades_through_sidecar(string mode)
    {
        var result = await CcxtBot.RunAsync(Bot, new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = mode,
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
            ["PLACEHOLDER_PEM"] = CoinbaseAdvancedAccount.ThrowawayPem(),
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Steps, result.Steps);

        var seen = _account.Exchange.Requests;
        Assert.All(seen, r => Assert.True(r.Status == 200, $"{r.Method} {r.Path} → {r.Status} ({r.ErrorCode})"));
        Assert.DoesNotContain(seen, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);
        var signed = seen.Where(r => r.Signature == SignatureCheck.Valid).ToList();
        Assert.Equal(
            ["GET /api/v3/brokerage/transaction_summary", "GET /api/v3/brokerage/accounts", "POST /api/v3/brokerage/orders", "POST /api/v3/brokerage/orders/batch_cancel"],
            signed.Select(r => r.Method + " " + r.Path));
        Assert.All(signed, r =>
        {
            var jwt = Jwt.FromAuthorization(r.Headers["authorization"]);
            Assert.Equal(_account.KeyName, jwt.Header.GetProperty("kid").GetString());
            Assert.Equal(_account.KeyName, jwt.Claims.GetProperty("sub").GetString());
            Assert.Equal("cdp", jwt.Claims.GetProperty("iss").GetString());
            Assert.Equal($"{r.Method} api.coinbase.com{r.Path}", jwt.Claims.GetProperty("uri").GetString());
        });
        Assert.All(seen, r => Assert.False(r.Headers.ContainsKey("origin")));
        Assert.DoesNotContain(seen, r => r.Path.Contains("coinbase.com", StringComparison.Ordinal) || r.Path.StartsWith("/coinbase", StringComparison.Ordinal));

        var output = _sidecar.Output;
        Assert.Contains("→ 200", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.KeyName, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fake_accepts_what_ccxt_signs_itself()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = await RunDirectAsync(key.ExportSubjectPublicKeyInfoPem(), key.ExportECPrivateKeyPem());

        Assert.True(result.Bot.ExitCode == 0, result.Bot.ToString());
        Assert.Equal(Steps, result.Bot.Steps);
        Assert.Equal(4, result.Requests.Count(r => r.Signature == SignatureCheck.Valid));
    }

    [Fact]
    public async Task Fake_rejects_what_ccxt_signs_with_another_key()
    {
        using var trusted = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = await RunDirectAsync(trusted.ExportSubjectPublicKeyInfoPem(), other.ExportECPrivateKeyPem());

        Assert.NotEqual(0, result.Bot.ExitCode);
        Assert.Equal(["loadMarkets"], result.Bot.Steps);
        var rejected = Assert.Single(result.Requests, r => r.Signature != SignatureCheck.NotRequired);
        Assert.Equal((SignatureCheck.Invalid, 401, "Unauthorized: invalid signature"), (rejected.Signature, rejected.Status, rejected.ErrorCode));
    }

    private static async Task<(CcxtBot.Result Bot, IReadOnlyList<ExchangeRequest> Requests)> RunDirectAsync(string trustedPublicPem, string botPrivatePem)
    {
        // ccxt builds the uri claim from its URL with only "https://" removed: talking plain http to the fake, the
        // claim reads "GET http://127.0.0.1:{port}/…", so the fake is told to expect that host.
        var port = FreePort();
        var keyName = $"organizations/{Guid.NewGuid()}/apiKeys/{Guid.NewGuid()}";
        await using var fake = await FakeCoinbaseAdvanced.StartAsync(new FakeCoinbaseAdvancedOptions
        {
            KeyName = keyName,
            PublicKeyPem = trustedPublicPem,
            SignedHost = $"http://127.0.0.1:{port}",
            Port = port,
        });
        var bot = await CcxtBot.RunAsync(Bot, new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            ["EXCHANGE_URL"] = fake.BaseAddress.ToString(),
            ["EXCHANGE_API_KEY"] = keyName,
            ["EXCHANGE_SECRET"] = botPrivatePem,
        });
        return (bot, fake.Requests);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
