using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.FakeExchange.CoinbaseAdvanced;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.CoinbaseAdvanced;

/// <summary>
/// ccxt's coinbase signing for itself (direct mode) with a key the fake trusts, which validates the fake's JWT checks
/// against ccxt's own signer. The run through Sidecar (a placeholder CDP key: a throwaway EC key ccxt really signs
/// with) is a row of <see cref="Conformance.CcxtRestConformanceTests"/>.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseAdvancedCcxtTests
{
    private const string Bot = "coinbase-advanced-bot.mjs";
    private static readonly string[] Steps = ["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"];

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
