using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Conformance;

/// <summary>
/// Every venue's real ccxt REST bot (npm ccxt, pinned in tests/ccxt) with placeholder credentials, through the real
/// `sidecar run` process, to the venue's fake exchange — both route forms (ccxt's proxyUrl and the prefix base URL).
/// The fake verifies every signature with its own code; the rows are in <see cref="CcxtRestVenues"/>.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CcxtRestConformanceTests(SoftHsmToken token)
{
    public static TheoryData<string, string> Runs()
    {
        var runs = new TheoryData<string, string>();
        foreach (var venue in CcxtRestVenues.All)
        {
            runs.Add(venue.Name, "proxyUrl");
            runs.Add(venue.Name, "prefix");
        }

        return runs;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task A_ccxt_bot_with_placeholder_credentials_trades_through_sidecar(string venueName, string mode)
    {
        CcxtBot.EnsureInstalled();
        var venue = CcxtRestVenues.All.Single(v => v.Name == venueName);
        var run = await venue.StartAsync(token);
        await using var account = run.Account;
        await using var sidecar = await SidecarProcessUnderTest.StartAsync(SidecarUnderTest.Config(token, run.Venues), token.Directory, SidecarProcessUnderTest.RequestLines);

        var result = await CcxtBot.RunAsync(venue.Bot, new Dictionary<string, string>(venue.BotEnvironment)
        {
            ["SIDECAR_MODE"] = mode,
            ["SIDECAR_URL"] = sidecar.ProxyUrl.ToString(),
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(venue.Steps, result.Steps);

        var seen = run.Requests();
        Assert.All(seen, r => Assert.True(venue.OkStatuses.Contains(r.Status) && r.ErrorCode is null, $"{r.Method} {r.Path} → {r.Status} ({r.ErrorCode})"));

        // Every request that needs a signature has a valid one, and they are exactly the venue's signed routes.
        var signed = seen.Where(r => r.Signature != SignatureCheck.NotRequired).ToList();
        Assert.All(signed, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        var routes = signed.Select(venue.Route).ToList();
        if (venue.SignedInOrder)
        {
            Assert.Equal(venue.SignedRoutes, routes);
        }
        else
        {
            Assert.Equal(venue.SignedRoutes.Order(StringComparer.Ordinal), routes.Order(StringComparer.Ordinal));
        }

        // The real key (and passphrase) on every signed request; the key header on no other, and nowhere a placeholder.
        Assert.All(signed, r => Assert.All(run.SignedHeaders, h => Assert.Equal(h.Value ?? r.Headers[h.Name], r.Headers[h.Name])));
        var (keyHeader, key) = run.SignedHeaders[0];
        if (key is not null)
        {
            Assert.All(seen.Where(r => r.Headers.ContainsKey(keyHeader)), r => Assert.Equal(key, r.Headers[keyHeader]));
        }
        if (!venue.UnsignedMayCarryKey)
        {
            Assert.All(seen.Except(signed), r => Assert.False(r.Headers.ContainsKey(keyHeader), $"{r.Method} {r.Path} carries {keyHeader}"));
        }

        if (venue.PublicPath is { } publicPath)
        {
            Assert.Contains(seen, r => r.Path == publicPath && r.Signature == SignatureCheck.NotRequired);
        }

        Assert.DoesNotContain(seen, r => r.Headers.Values.Any(v => v.Contains("placeholder", StringComparison.Ordinal)));
        Assert.DoesNotContain(seen, r => r.Headers.ContainsKey("origin"));
        Assert.DoesNotContain(seen, r => r.Path.Contains(venue.HostFragment, StringComparison.Ordinal) || r.Path.StartsWith(venue.RoutePrefix, StringComparison.Ordinal));
        run.VenueChecks(seen, signed);

        var output = sidecar.Output;
        Assert.Contains("→ 200", output, StringComparison.Ordinal);
        Assert.All(run.Secrets.Append(token.Pin).Where(s => s.Length > 0), secret => Assert.DoesNotContain(secret, output, StringComparison.Ordinal));
    }
}
