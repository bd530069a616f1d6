using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// Every venue's real ccxt pro bot (npm ccxt, pinned in tests/ccxt) in sidecar mode: placeholder credentials, REST
/// through Sidecar's proxy and WebSockets through its relay, the real `sidecar run` process, to the venue's fake
/// exchange. The fake verifies every frame and signature with its own code; the rows are in
/// <see cref="CcxtWebSocketVenues"/>.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CcxtWebSocketConformanceTests(SoftHsmToken token)
{
    public static TheoryData<string> Runs() => [.. CcxtWebSocketVenues.All.Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task A_ccxt_pro_bot_with_placeholder_credentials_watches_and_trades_through_sidecar(string venueName)
    {
        CcxtBot.EnsureInstalled();
        var venue = CcxtWebSocketVenues.All.Single(v => v.Name == venueName);
        var run = await venue.StartAsync(token);
        await using var account = run.Account;
        var config = SidecarUnderTest.Config(token, run.Venues);
        run.Configure(config);
        await using var sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory, SidecarProcessUnderTest.RequestLines);

        var result = await CcxtBot.RunAsync(venue.Bot, new Dictionary<string, string>(venue.BotEnvironment)
        {
            ["SIDECAR_MODE"] = "sidecar",
            ["SIDECAR_URL"] = sidecar.ProxyUrl.ToString(),
            ["SIDECAR_WS"] = $"ws://127.0.0.1:{sidecar.ProxyUrl.Port}",
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(venue.Steps, result.Steps);
        Assert.DoesNotContain(run.Requests(), r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);
        await run.VenueChecks(result, sidecar);
        var output = sidecar.Output;
        Assert.All(run.Secrets.Append(token.Pin).Where(s => s.Length > 0), secret => Assert.DoesNotContain(secret, output, StringComparison.Ordinal));
    }
}
