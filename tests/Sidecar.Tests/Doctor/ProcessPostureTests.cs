using System.Text;
using System.Text.Json.Nodes;
using Sidecar.Configuration;
using Sidecar.Doctor;
using Sidecar.Doctor.Checks;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Doctor;

/// <summary>The process checks both ways, with the process facts substituted (the test runner is root).</summary>
[Collection(HsmCollection.Name)]
public sealed class ProcessPostureTests(SoftHsmToken token)
{
    [Theory]
    [InlineData(0, 0UL, 1000u, "0", false, "pass", "pass", "pass")]
    [InlineData(1, ulong.MaxValue, 0u, null, false, "warn", "warn", "warn")]
    [InlineData(1, 0UL, 0u, "1", true, "fail", "fail", "fail")]
    public void Core_dumps_root_and_diagnostics_port(int dumpable, ulong coreLimit, uint uid, string? diagnostics, bool strict, string dumps, string user, string port)
    {
        var context = new DoctorContext
        {
            Config = Validated(strict),
            Venues = [],
            Client = new HttpMessageInvoker(new HttpClientHandler()),
            InsideRun = true,
            Process = new FakeProcess(dumpable, coreLimit, uid),
            Environment = name => name == "DOTNET_EnableDiagnostics" ? diagnostics : null,
        };

        Assert.Equal(dumps, Name(new CoreDumpCheck().Run(context).Single().Status));
        Assert.Equal(user, Name(new ProcessUserCheck().Run(context).Single().Status));
        Assert.Equal(port, Name(new DiagnosticsPortCheck().Run(context).Single().Status));
    }

    [Fact]
    public async Task Sidecar_run_disables_core_dumps_of_its_own_process()
    {
        var label = TestSecrets.Label("harden");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var config = SidecarUnderTest.Config(token, new JsonObject { ["v"] = SidecarUnderTest.Venue("gate-v4", new Uri("http://127.0.0.1:9/"), TestSecrets.ApiKey(), label) });
        config["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("v") }; // nothing listens upstream
        await using var sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory);

        var limits = await File.ReadAllLinesAsync($"/proc/{sidecar.ProcessId}/limits");
        Assert.Matches(@"^Max core file size\s+0\s+0\s", limits.Single(l => l.StartsWith("Max core file size", StringComparison.Ordinal)));
    }

    private static string Name(CheckStatus status) => status.ToString().ToLowerInvariant();

    private ValidatedConfig Validated(bool strict)
    {
        var options = new SidecarOptions
        {
            Hsm = new HsmOptions { Module = RepoPaths.SoftHsmModule, Token = SoftHsmToken.TokenLabel, PinFile = token.PinFile },
            Listen = "http://127.0.0.1:0",
            Admin = "http://127.0.0.1:0",
            Posture = new PostureOptions { Strict = strict },
            Venues = { ["v"] = new VenueOptions { Scheme = "gate-v4", Upstream = "http://127.0.0.1:9", ApiKey = "k", Key = "label" } },
        };
        return ConfigValidator.Validate(options);
    }

    private sealed class FakeProcess(int dumpable, ulong coreLimit, uint uid) : ProcessFacts
    {
        public override int? Dumpable() => dumpable;

        public override ulong? CoreLimit() => coreLimit;

        public override uint EffectiveUid() => uid;
    }
}
