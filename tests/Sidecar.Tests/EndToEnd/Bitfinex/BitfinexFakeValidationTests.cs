using System.Text;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Bitfinex;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bitfinex;

/// <summary>
/// The fake Bitfinex validated against ccxt's own signer, with no Sidecar involved: the bot in <c>direct</c> mode
/// holds the real secret. Proves the fake implements Bitfinex's algorithm independently of the bitfinex-v2 scheme.
/// </summary>
public sealed class BitfinexFakeValidationTests
{
    [Fact]
    public async Task Ccxt_signing_itself_passes_every_step_against_the_fake()
    {
        var secret = TestSecrets.BinanceStyle();
        await using var fake = await FakeBitfinex.StartAsync(new FakeBitfinexOptions { ApiKey = "direct-key", Secret = Encoding.ASCII.GetBytes(secret) });

        var result = await CcxtBot.RunAsync("bitfinex-bot.mjs", Direct(fake, secret));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"], result.Steps);
        var seen = fake.Requests;
        Assert.Equal(3, seen.Count(r => r.Signature == SignatureCheck.Valid && r.ErrorCode is null));
        Assert.All(seen, r => Assert.True(r.Signature is SignatureCheck.Valid or SignatureCheck.NotRequired, $"{r.Path}: {r.Signature} {r.ErrorCode}"));
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_with_Bitfinexs_digest_invalid_error()
    {
        await using var fake = await FakeBitfinex.StartAsync(new FakeBitfinexOptions { ApiKey = "direct-key", Secret = Encoding.ASCII.GetBytes(TestSecrets.BinanceStyle()) });

        var result = await CcxtBot.RunAsync("bitfinex-bot.mjs", Direct(fake, TestSecrets.BinanceStyle()));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("AuthenticationError", result.ToString(), StringComparison.Ordinal);
        Assert.Contains(fake.Requests, r => r.Signature == SignatureCheck.Invalid && r.ErrorCode == "10100 apikey: digest invalid");
    }

    private static Dictionary<string, string> Direct(FakeBitfinex fake, string secret) => new()
    {
        ["SIDECAR_MODE"] = "direct",
        ["BITFINEX_URL"] = fake.BaseAddress.ToString(),
        ["BITFINEX_API_KEY"] = "direct-key",
        ["BITFINEX_SECRET"] = secret,
    };
}
