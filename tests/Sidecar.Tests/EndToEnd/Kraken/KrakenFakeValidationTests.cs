using System.Security.Cryptography;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Kraken;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kraken;

/// <summary>
/// The fake Kraken validated against ccxt's own signer, with no Sidecar involved: the bot in <c>direct</c> mode holds
/// the real (base64) secret. Proves the fake implements Kraken's algorithm independently of the kraken scheme.
/// </summary>
public sealed class KrakenFakeValidationTests
{
    [Fact]
    public async Task Ccxt_signing_itself_passes_every_step_against_the_fake()
    {
        var secret = RandomNumberGenerator.GetBytes(64);
        await using var fake = await FakeKraken.StartAsync(new FakeKrakenOptions { ApiKey = "direct-key", Secret = secret });

        var result = await CcxtBot.RunAsync("kraken-bot.mjs", Direct(fake, Convert.ToBase64String(secret)));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"], result.Steps);
        var seen = fake.Requests;
        Assert.Equal(3, seen.Count(r => r.Signature == SignatureCheck.Valid && r.ErrorCode is null));
        Assert.All(seen, r => Assert.True(r.Signature is SignatureCheck.Valid or SignatureCheck.NotRequired, $"{r.Path}: {r.Signature} {r.ErrorCode}"));
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_with_Krakens_invalid_signature_error()
    {
        await using var fake = await FakeKraken.StartAsync(new FakeKrakenOptions { ApiKey = "direct-key", Secret = RandomNumberGenerator.GetBytes(64) });

        var result = await CcxtBot.RunAsync("kraken-bot.mjs", Direct(fake, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("EAPI:Invalid signature", result.ToString(), StringComparison.Ordinal);
        Assert.Contains(fake.Requests, r => r.Signature == SignatureCheck.Invalid && r.ErrorCode == "EAPI:Invalid signature");
    }

    private static Dictionary<string, string> Direct(FakeKraken fake, string secret) => new()
    {
        ["SIDECAR_MODE"] = "direct",
        ["KRAKEN_URL"] = fake.BaseAddress.ToString(),
        ["KRAKEN_API_KEY"] = "direct-key",
        ["KRAKEN_SECRET"] = secret,
    };
}
