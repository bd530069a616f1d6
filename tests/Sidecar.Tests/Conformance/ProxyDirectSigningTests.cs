using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>Each venue's <see cref="ProxyDirectSigning"/> row: its fake judged against ccxt's own signer, no Sidecar.</summary>
public sealed class ProxyDirectSigningTests
{
    public static TheoryData<string> Venues => [.. ProxyConformanceTable.All.Where(venue => venue.DirectSigning is not null).Select(venue => venue.Exchange)];

    [Theory]
    [MemberData(nameof(Venues))]
    public async Task Ccxt_signing_itself_passes_every_step_against_the_fake(string exchange)
    {
        var row = ProxyConformanceTable.Find(exchange).DirectSigning!;
        await using var account = await row.CreateAccountAsync();

        var result = await RunDirectAsync(row, account, account.Secret);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "fetchBalance", "createOrder", "cancelOrder"], result.Steps);
        var seen = account.Requests();
        if (row.Every200)
        {
            Assert.All(seen, r => Assert.True(r.Status == 200, $"{r.Method} {r.Path} → {r.Status} ({r.ErrorCode})"));
        }

        Assert.All(seen, r => Assert.True(r.Signature is SignatureCheck.Valid or SignatureCheck.NotRequired, $"{r.Path}: {r.Signature} {r.ErrorCode}"));
        var signed = seen.Where(r => r.Signature == SignatureCheck.Valid).ToList();
        Assert.All(signed, r => Assert.Null(r.ErrorCode));
        if (row.SignedCallsAtLeast)
        {
            Assert.True(signed.Count >= row.SignedCalls, string.Join('\n', seen.Select(r => $"{r.Method} {r.Path}")));
        }
        else
        {
            Assert.Equal(row.SignedCalls, signed.Count);
        }

        foreach (var (name, value) in row.SignedCallHeaders)
        {
            Assert.All(signed, r => Assert.Equal(value, r.Headers[name]));
        }
    }

    [Theory]
    [MemberData(nameof(Venues))]
    public async Task Ccxt_with_a_wrong_secret_gets_the_exchanges_own_error(string exchange)
    {
        var row = ProxyConformanceTable.Find(exchange).DirectSigning!;
        await using var account = await row.CreateAccountAsync();

        var result = await RunDirectAsync(row, account, row.WrongSecret(account));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(row.WrongSecretError, string.Join('\n', result.Lines), StringComparison.Ordinal);
        if (row.WrongSecretErrorCode is { } code)
        {
            Assert.Contains(account.Requests(), r => r.Signature == SignatureCheck.Invalid && r.ErrorCode == code);
        }
    }

    private static Task<CcxtBot.Result> RunDirectAsync(ProxyDirectSigning row, ProxyDirectAccount account, string secret)
    {
        var environment = new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "direct",
            [$"{row.Env}_URL"] = account.Address.ToString(),
            [$"{row.Env}_API_KEY"] = account.ApiKey,
            [$"{row.Env}_SECRET"] = secret,
        };
        if (account.Passphrase is { } passphrase)
        {
            environment[$"{row.Env}_PASSWORD"] = passphrase;
        }

        return CcxtBot.RunAsync(row.Script, environment);
    }
}
