using System.Text;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Gate;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Gate;

/// <summary>
/// The fake Gate validated against ccxt's own signer, with no Sidecar involved: the bot in <c>direct</c> mode holds
/// the real secret. Proves the fake implements Gate's algorithm independently of the gate-v4 scheme.
/// </summary>
public sealed class GateFakeValidationTests
{
    [Fact]
    public async Task Ccxt_signing_itself_passes_every_step_against_the_fake()
    {
        var secret = TestSecrets.BinanceStyle();
        await using var fake = await FakeGate.StartAsync(new FakeGateOptions { ApiKey = "direct-key", Secret = Encoding.ASCII.GetBytes(secret) });

        var result = await CcxtBot.RunAsync("gate-bot.mjs", Direct(fake, secret));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"], result.Steps);
        var seen = fake.Requests;
        Assert.All(seen, r => Assert.True(r.Signature is SignatureCheck.Valid or SignatureCheck.NotRequired, $"{r.Path}: {r.Signature} {r.ErrorCode}"));
        Assert.True(seen.Count(r => r.Signature == SignatureCheck.Valid && r.ErrorCode is null) >= 4, string.Join('\n', seen.Select(r => $"{r.Method} {r.Path}")));
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_with_Gates_invalid_signature_error()
    {
        await using var fake = await FakeGate.StartAsync(new FakeGateOptions { ApiKey = "direct-key", Secret = Encoding.ASCII.GetBytes(TestSecrets.BinanceStyle()) });

        var result = await CcxtBot.RunAsync("gate-bot.mjs", Direct(fake, TestSecrets.BinanceStyle()));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("INVALID_SIGNATURE", result.ToString(), StringComparison.Ordinal);
        Assert.Contains(fake.Requests, r => r.Signature == SignatureCheck.Invalid && r.ErrorCode == "INVALID_SIGNATURE");
    }

    private static Dictionary<string, string> Direct(FakeGate fake, string secret) => new()
    {
        ["SIDECAR_MODE"] = "direct",
        ["GATE_URL"] = fake.BaseAddress.ToString(),
        ["GATE_API_KEY"] = "direct-key",
        ["GATE_SECRET"] = secret,
    };
}
