using System.Text;
using System.Text.Json.Nodes;
using Sidecar.Tests.EndToEnd.HsmAvailability;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Doctor;

/// <summary>
/// <c>sidecar doctor</c> with several HSMs: each logs in on its own line, a venue's key checks read the key on that
/// venue's HSM (not the default one), and an HSM that cannot be opened fails its login line and skips its venues.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class MultipleHsmDoctorTests(SoftHsmToken token)
{
    [Fact]
    public async Task A_venue_on_an_Hsms_entry_is_checked_on_that_hsm()
    {
        var second = SecondSoftHsmToken.Of(token);
        var onDefault = TestSecrets.Label("doc-default");
        var onOther = TestSecrets.Label("doc-other");
        token.ImportHmac(onDefault, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        using (var hsm = second.Connect())
        {
            hsm.ImportHmacSecret(onOther, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()), replace: false);
        }

        var config = Config(token, second.PinFile, onDefault, onOther);

        var run = await DoctorRun.RunAsync(config);

        Assert.Null(run.Status("hsm.keys", null));
        Assert.Equal(
            [("pass", $"HSM 'default': logged in to token '{SoftHsmToken.TokenLabel}'"), ("pass", $"HSM 'other': logged in to token '{SecondSoftHsmToken.TokenLabel}'")],
            run.Lines("hsm.login").Order());
        foreach (var venue in new[] { "on-default", "on-other" })
        {
            Assert.True(run.Status("key.protection", venue) is "pass" or "warn", $"{venue}: {run.Output}");
            Assert.NotEqual("unknown", run.Status("key.age", venue));
        }
    }

    [Fact]
    public async Task An_hsm_that_cannot_log_in_fails_its_login_line_and_skips_its_venues_only()
    {
        var onDefault = TestSecrets.Label("doc-default-ok");
        token.ImportHmac(onDefault, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var config = Config(token, SecondSoftHsmToken.Of(token).PinFile, onDefault, "whatever", otherToken: "no-such-token");

        var run = await DoctorRun.RunAsync(config);

        Assert.Equal(1, run.ExitCode);
        var logins = run.Lines("hsm.login");
        Assert.Equal(2, logins.Count);
        Assert.Contains(logins, l => l.Status == "fail" && l.Reason.StartsWith("HSM 'other': hsm:", StringComparison.Ordinal));
        Assert.Contains(logins, l => l.Status == "pass" && l.Reason.StartsWith("HSM 'default'", StringComparison.Ordinal));
        Assert.Null(run.Status("key.protection", "on-other"));
        Assert.True(run.Status("key.protection", "on-default") is "pass" or "warn", run.Output);
        Assert.Null(run.Status("hsm.keys", null));
    }

    private static JsonObject Config(SoftHsmToken token, string secondPinFile, string defaultLabel, string otherLabel, string otherToken = SecondSoftHsmToken.TokenLabel)
    {
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["on-default"] = SidecarUnderTest.Venue("binance-hmac", new Uri("http://127.0.0.1:9"), TestSecrets.ApiKey(), defaultLabel, "default.test"),
            ["on-other"] = SidecarUnderTest.Venue("binance-hmac", new Uri("http://127.0.0.1:9"), TestSecrets.ApiKey(), otherLabel, "other.test"),
        });
        config["Venues"]!["on-other"]!["Hsm"] = "other";
        config["Hsms"] = new JsonObject { ["other"] = HsmScenario.Hsm(RepoPaths.SoftHsmModule, otherToken, secondPinFile) };
        config["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("on-default", "on-other") };
        return config;
    }
}
