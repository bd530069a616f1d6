using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Doctor;

/// <summary>
/// <c>sidecar run</c> runs the checklist in the background at start-up: the result appears in /readyz (the
/// "posture" part, unready only under Posture:Strict) and as the sidecar_posture_check gauge at /metrics.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BackgroundPostureTests(SoftHsmToken token)
{
    [Theory]
    [InlineData(false, HttpStatusCode.OK)]
    [InlineData(true, HttpStatusCode.ServiceUnavailable)]
    public async Task A_key_that_can_withdraw_shows_in_readyz_and_metrics(bool strict, HttpStatusCode expected)
    {
        await using var binance = await DoctorBinanceAccount.StartAsync(token, "binance-bg", new FakeKeyPermissions { Withdrawals = true });
        var config = binance.Config(token);
        config["Posture"] = new JsonObject { ["Strict"] = strict };
        await using var sidecar = await SidecarUnderTest.StartAsync(config);

        var (status, posture) = await WaitForPostureAsync(sidecar);
        Assert.Equal(expected, status);
        Assert.Equal(strict, posture.GetProperty("strict").GetBoolean());
        Assert.Equal(strict ? "fail" : "warn", posture.GetProperty("status").GetString());
        Assert.Contains(posture.GetProperty("findings").EnumerateArray(), f =>
            f.GetProperty("check").GetString() == "exchange.withdrawals" && f.GetProperty("venue").GetString() == "binance"
            && f.GetProperty("status").GetString() == (strict ? "fail" : "warn"));

        var metrics = await sidecar.Admin.GetStringAsync("/metrics");
        Assert.Matches($"sidecar_posture_check\\{{[^}}]*check=\"exchange.withdrawals\"[^}}]*venue=\"binance\"[^}}]*\\}} {(strict ? 3 : 2)}", Normalise(metrics));
        Assert.Matches("sidecar_posture_check\\{[^}]*check=\"key.protection\"[^}]*venue=\"binance\"[^}]*\\} 0", Normalise(metrics));
        Assert.Contains("exchange.withdrawals", sidecar.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_posture_keeps_the_sidecar_ready()
    {
        await using var binance = await DoctorBinanceAccount.StartAsync(token, "binance-ok");
        var config = binance.Config(token);
        config["Posture"] = new JsonObject { ["CheckAtStartup"] = true };
        await using var sidecar = await SidecarUnderTest.StartAsync(config);

        var (status, posture) = await WaitForPostureAsync(sidecar);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, posture.GetProperty("fail").GetInt32());
        Assert.DoesNotContain(posture.GetProperty("findings").EnumerateArray(), f => f.GetProperty("check").GetString()!.StartsWith("exchange.", StringComparison.Ordinal));
    }

    private static Task<(HttpStatusCode Status, JsonElement Posture)> WaitForPostureAsync(SidecarUnderTest sidecar) =>
        Eventually.UntilAsync(async () =>
        {
            using var response = await sidecar.Admin.GetAsync("/readyz");
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return (response.StatusCode, Posture: body.GetProperty("posture"));
        }, answer => answer.Posture.GetProperty("state").GetString() == "done", "the background posture check to finish", TimeSpan.FromSeconds(20));

    private static string Normalise(string metrics) => System.Text.RegularExpressions.Regex.Replace(metrics, "\\{([^}]*)\\}", m =>
        "{" + string.Join(',', m.Groups[1].Value.Split(',').OrderBy(l => l, StringComparer.Ordinal)) + "}");
}
