using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Sidecar.Configuration;
using Sidecar.Doctor;
using Sidecar.FakeExchange;
using Sidecar.Proxy;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Reload;

/// <summary>
/// A reload can add venues, keys and upstreams: the posture checklist runs again in the background after each
/// applied reload, and its findings reach /readyz, the sidecar_posture_check gauge and the log like at start-up.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class PostureAfterReloadTests(SoftHsmToken token)
{
    [Theory]
    [InlineData(false, HttpStatusCode.OK)]
    [InlineData(true, HttpStatusCode.ServiceUnavailable)]
    public async Task A_venue_added_by_a_reload_with_an_extractable_key_is_reported(bool strict, HttpStatusCode expected)
    {
        var (exchange, config, apiKey, secret) = await StartExchangeAsync(strict);
        await using var exchangeLifetime = exchange;
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: true);
        var (before, posture) = await WaitForRunsAsync(sidecar, 1);
        Assert.Empty(Failures(posture, venue: "binance"));
        Assert.Equal(ExpectedReadiness(strict, posture), before);

        // The same secret as the good venue, so the exchange accepts it: only the key object itself is wrong.
        var badLabel = TestSecrets.Label("reload-extractable");
        HandMadeKeys.CreateHmac(token, badLabel, sensitive: false, extractable: true, modifiable: true, secret: Encoding.UTF8.GetBytes(secret));
        config["Venues"]!["added"] = SidecarUnderTest.Venue("binance-hmac", exchange.BaseAddress, apiKey, badLabel, "added.test");
        await sidecar.ReplaceConfigAsync(config);

        var (after, reported) = await WaitForRunsAsync(sidecar, 2);
        Assert.Equal(expected, after);
        Assert.Equal("fail", reported.GetProperty("status").GetString());
        Assert.Contains(reported.GetProperty("findings").EnumerateArray(), f =>
            f.GetProperty("check").GetString() == "key.protection" && f.GetProperty("venue").GetString() == "added"
            && f.GetProperty("reason").GetString()!.Contains("CKA_EXTRACTABLE is true", StringComparison.Ordinal));
        Assert.Contains(reported.GetProperty("findings").EnumerateArray(), f =>
            f.GetProperty("check").GetString() == "key.modifiable" && f.GetProperty("venue").GetString() == "added");
        Assert.DoesNotContain(reported.GetProperty("findings").EnumerateArray(), f =>
            f.GetProperty("check").GetString() == "key.protection" && f.GetProperty("venue").GetString() == "binance");

        var metrics = await sidecar.Admin.GetStringAsync("/metrics");
        Assert.Matches("sidecar_posture_check\\{[^}]*check=\"key.protection\"[^}]*venue=\"added\"[^}]*\\} 3", Normalise(metrics));
        Assert.Single(sidecar.Logs.Lines, l => l.Contains("[703]", StringComparison.Ordinal));
        Assert.Contains(sidecar.Logs.Lines, l => l.Contains("[701]", StringComparison.Ordinal) && l.Contains("added", StringComparison.Ordinal) && l.Contains("key.protection", StringComparison.Ordinal));
        Assert.DoesNotContain(secret, sidecar.Logs.All, StringComparison.Ordinal);
    }

    // Under Posture:Strict a sidecar running as root, or with core dumps on (the test process), is unready from
    // the start: what is compared is that the reload changes neither readiness nor the failures.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_reload_that_changes_nothing_in_the_posture_leaves_readiness_as_it_was(bool strict)
    {
        var (exchange, config, apiKey, _) = await StartExchangeAsync(strict);
        await using var exchangeLifetime = exchange;
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: true);
        var (before, first) = await WaitForRunsAsync(sidecar, 1);
        Assert.Equal(ExpectedReadiness(strict, first), before);

        // A second route to the same venue and key.
        config["Venues"]!["second"] = SidecarUnderTest.Venue("binance-hmac", exchange.BaseAddress, apiKey, (string)config["Venues"]!["binance"]!["Key"]!, "second.test");
        await sidecar.ReplaceConfigAsync(config);

        var (status, posture) = await WaitForRunsAsync(sidecar, 2);
        Assert.Equal(before, status);
        Assert.Equal(Failures(first, venue: null), Failures(posture, venue: null));
        Assert.Empty(Failures(posture, venue: "binance"));
        Assert.Empty(Failures(posture, venue: "second"));
        Assert.Contains(posture.GetProperty("findings").EnumerateArray(), f => f.GetProperty("venue").GetString() == "second");
        if (!strict)
        {
            Assert.Equal(HttpStatusCode.OK, status);
        }
    }

    [Fact]
    public async Task With_CheckAtStartup_false_a_reload_runs_no_checklist_either()
    {
        var (exchange, config, apiKey, _) = await StartExchangeAsync(strict: true);
        await using var exchangeLifetime = exchange;
        config["Posture"]!["CheckAtStartup"] = false;
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: true);

        var badLabel = TestSecrets.Label("reload-off");
        HandMadeKeys.CreateHmac(token, badLabel, sensitive: false, extractable: true, modifiable: true);
        config["Venues"]!["added"] = SidecarUnderTest.Venue("binance-hmac", exchange.BaseAddress, apiKey, badLabel, "added.test");
        await sidecar.ReplaceConfigAsync(config);
        await ReloadProbe.WaitForConfigAsync(sidecar.Admin, ReloadProbe.Generation(2));

        var (_, body) = await ReloadProbe.ReadyzAsync(sidecar.Admin);
        Assert.Equal("off", body.GetProperty("posture").GetProperty("state").GetString());
        Assert.Equal(0, body.GetProperty("posture").GetProperty("runs").GetInt32());
        Assert.DoesNotContain(sidecar.Logs.Lines, l => l.Contains("[703]", StringComparison.Ordinal));
    }

    // Reloads during a run are not run side by side: they wait, and however many arrived, one more run follows.
    [Fact]
    public async Task Reloads_during_a_run_are_coalesced_into_one_more_run()
    {
        var label = TestSecrets.Label("coalesce");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var dir = Directory.CreateTempSubdirectory("sidecar-coalesce-").FullName;
        try
        {
            var path = Path.Combine(dir, "sidecar.json");
            var json = SidecarUnderTest.Config(token, new JsonObject
            {
                ["venue"] = SidecarUnderTest.Venue("binance-hmac", new Uri("http://127.0.0.1:9/"), TestSecrets.ApiKey(), label),
            });
            json["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("venue") }; // no time probe to retry
            json["Posture"] = new JsonObject { ["CheckAtStartup"] = true };
            await File.WriteAllTextAsync(path, json.ToJsonString());
            var config = ConfigValidator.Validate(ConfigLoader.Load(path, out var file), file);
            using var session = DoctorSession.Open(config);
            Assert.True(session.Context.Venues.Count == 1, string.Join("; ", [.. session.Context.VenueProblems, .. session.Context.HsmProblems.Values]));
            var venues = new VenueTable(session.Context.Venues);
            var gate = new GatedCheck();

            var monitor = PostureMonitor.Start(config, session.Context.Hsms, venues, session.Context.Client, NullLogger.Instance, [gate]);
            var entered = await Task.WhenAny(gate.Entered.Task, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.True(entered == gate.Entered.Task, Details(monitor).ToString() + monitor.Completion.Exception);
            monitor.Recheck(config, venues);
            monitor.Recheck(config, venues);
            monitor.Recheck(config, venues);
            Assert.Equal("running", Details(monitor).GetProperty("state").GetString());
            gate.Release.SetResult();
            await monitor.Completion.WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal(2, gate.Calls);
            Assert.Equal(2, Details(monitor).GetProperty("runs").GetInt32());
            Assert.Equal("done", Details(monitor).GetProperty("state").GetString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task<(FakeBinance Exchange, JsonObject Config, string ApiKey, string Secret)> StartExchangeAsync(bool strict)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = TestSecrets.BinanceStyle();
        var label = TestSecrets.Label("reload-posture");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(secret));
        var exchange = await FakeBinance.StartAsync(new FakeBinanceOptions { ApiKey = apiKey, Secret = Encoding.UTF8.GetBytes(secret) });
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", exchange.BaseAddress, apiKey, label) });
        config["Posture"] = new JsonObject { ["Strict"] = strict };
        return (exchange, config, apiKey, secret);
    }

    /// <summary>Polls /readyz until the posture checklist has finished <paramref name="runs"/> runs; fails after 20 s.</summary>
    private static async Task<(HttpStatusCode Status, JsonElement Posture)> WaitForRunsAsync(SidecarUnderTest sidecar, int runs)
    {
        var (status, posture) = await Eventually.UntilAsync(async () =>
        {
            var (status, body) = await ReloadProbe.ReadyzAsync(sidecar.Admin);
            return (status, Posture: body.GetProperty("posture"));
        }, answer => answer.Posture.GetProperty("state").GetString() == "done" && answer.Posture.GetProperty("runs").GetInt32() >= runs,
            $"the posture checklist to finish {runs} run(s)", TimeSpan.FromSeconds(20));
        Assert.Equal(runs, posture.GetProperty("runs").GetInt32());
        return (status, posture);
    }

    private static List<string> Failures(JsonElement posture, string? venue)
    {
        var failures = new List<string>();
        foreach (var finding in posture.GetProperty("findings").EnumerateArray())
        {
            if (finding.GetProperty("status").GetString() == "fail" && finding.GetProperty("venue").GetString() == venue)
            {
                failures.Add(finding.GetProperty("check").GetString()!);
            }
        }

        failures.Sort(StringComparer.Ordinal);
        return failures;
    }

    private static HttpStatusCode ExpectedReadiness(bool strict, JsonElement posture) =>
        strict && posture.GetProperty("fail").GetInt32() > 0 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK;

    private static JsonElement Details(PostureMonitor monitor)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            monitor.WriteDetails(json);
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    private static string Normalise(string metrics) => System.Text.RegularExpressions.Regex.Replace(metrics, "\\{([^}]*)\\}", m =>
        "{" + string.Join(',', m.Groups[1].Value.Split(',').OrderBy(l => l, StringComparer.Ordinal)) + "}");

    /// <summary>An extra venue check whose first run waits for the test; counts every run.</summary>
    private sealed class GatedCheck : IVenueCheck
    {
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public async Task<IReadOnlyList<CheckResult>> RunAsync(DoctorContext context, Venue venue, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Entered.TrySetResult();
            await Release.Task;
            return [CheckResult.Pass("test.gate", venue.Name, "released")];
        }
    }
}
