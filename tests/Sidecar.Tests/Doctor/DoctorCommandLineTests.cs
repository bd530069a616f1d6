using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Doctor;

/// <summary>The real <c>sidecar doctor</c> executable: its exit codes and its JSON document on standard output.</summary>
[Collection(HsmCollection.Name)]
public sealed class DoctorCommandLineTests(SoftHsmToken token)
{
    [Fact]
    public async Task A_key_that_can_withdraw_exits_0_with_a_warning_and_1_under_strict()
    {
        await using var binance = await DoctorBinanceAccount.StartAsync(token, "binance-cli", new Sidecar.FakeExchange.Common.FakeKeyPermissions { Withdrawals = true });
        var dir = Directory.CreateTempSubdirectory("sidecar-doctor-cli-").FullName;
        try
        {
            var config = binance.Config(token);
            var path = Path.Combine(dir, "sidecar.json");
            await File.WriteAllTextAsync(path, config.ToJsonString());

            var good = await SidecarProcess.RunAsync(null, "doctor", "--config", path, "--json");
            Assert.True(good.ExitCode == 0, good.ToString());
            var document = JsonDocument.Parse(good.Stdout).RootElement;
            Assert.Equal(0, document.GetProperty("counts").GetProperty("fail").GetInt32());
            Assert.Contains(document.GetProperty("checks").EnumerateArray(), c => c.GetProperty("check").GetString() == "exchange.withdrawals" && c.GetProperty("status").GetString() == "warn");
            Assert.DoesNotContain(token.Pin, good.Stdout + good.Stderr, StringComparison.Ordinal);

            config["Posture"] = new JsonObject { ["Strict"] = true };
            await File.WriteAllTextAsync(path, config.ToJsonString());
            var strict = await SidecarProcess.RunAsync(null, "doctor", "--config", path);
            Assert.True(strict.ExitCode == 1, strict.ToString());
            Assert.Matches(@"binance\s+exchange\.withdrawals\s+FAIL\s+the key can withdraw", strict.Stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("doctor")]
    [InlineData("doctor", "--config", "/nonexistent/sidecar.json")]
    [InlineData("doctor", "--config", "/nonexistent/sidecar.json", "--verbose")]
    public async Task Usage_and_configuration_errors_exit_2(params string[] args)
    {
        var result = await SidecarProcess.RunAsync(null, args);
        Assert.True(result.ExitCode == 2, result.ToString());
    }
}
