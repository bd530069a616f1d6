using System.Net;
using System.Text.Json.Nodes;
using Sidecar.Configuration;
using Sidecar.Pkcs11;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.HsmAvailability;

/// <summary>
/// A PIN the HSM refuses (issue #9): exactly one C_Login, then Sidecar keeps running, unready, with a
/// <c>hsm_login_failure</c> alert, and never retries (real HSMs lock the user out). Other start-up errors still
/// stop start-up with every error listed. Sidecar and the exchange run on a <see cref="TestClock"/>: "never" is
/// a minute of that clock, through which every watchdog tick, reconnect back-off and probe comes due.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class HsmPinTests(SoftHsmToken token)
{
    // The watchdog's period at the default sign time-out, the failover's probe interval: every timer ticks at each step.
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task A_wrong_PIN_at_start_up_keeps_the_process_up_and_unready_with_one_login_and_an_alert()
    {
        var wrongPin = "wrong-" + Guid.NewGuid().ToString("N")[..12];
        var wrongPinFile = Path.Combine(token.Directory, $"wrong-{Guid.NewGuid():N}.pin");
        await File.WriteAllTextAsync(wrongPinFile, wrongPin + "\n");
        _ = SecondSoftHsmToken.Of(token);
        var clock = new TestClock();
        var (exchange, apiKey, label) = await HsmScenario.AccountAsync(clock);
        await using var _1 = exchange;
        await using var alerts = await AlertReceiver.StartAsync();
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", exchange.BaseAddress, apiKey, label),
            // KuCoin signs its passphrase at start-up: with no login, that must be skipped, not fail start-up.
            ["kucoin"] = SidecarUnderTest.VenueWithPassphrase("kucoin", exchange.BaseAddress, apiKey, label, "no-login-passphrase", "api.kucoin.com"),
        });
        config["Hsm"] = HsmScenario.Hsm(RepoPaths.SoftHsmModule, SecondSoftHsmToken.TokenLabel, wrongPinFile);
        config["Alerts"] = new JsonObject { ["Webhook"] = alerts.Url, ["DebounceSeconds"] = 0 };

        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: false, clock);

        using (var refused = await sidecar.Client.GetAsync("/binance/api/v3/account"))
        {
            await SidecarErrors.AssertAsync(refused, 503, "hsm_unavailable");
        }

        var (status, readiness) = await HsmScenario.ReadinessAsync(sidecar);
        Assert.Equal(503, status);
        Assert.True(readiness["hsm"]!["pinRejected"]!.GetValue<bool>());
        Assert.Contains("refused the PIN", readiness["hsm"]!["problem"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, readiness["hsms"]!["default"]!["primary"]!["loginAttempts"]!.GetValue<int>());
        await Eventually.UntilAsync(() => alerts.Received("hsm_login_failure"), "an hsm_login_failure alert");

        // No retry: still one login a minute later.
        clock.AdvanceInSteps(TimeSpan.FromMinutes(1), Tick);
        (_, readiness) = await HsmScenario.ReadinessAsync(sidecar);
        Assert.Equal(1, readiness["hsms"]!["default"]!["primary"]!["loginAttempts"]!.GetValue<int>());
        Assert.Empty(exchange.Requests);
        Assert.DoesNotContain(wrongPin, sidecar.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(alerts.Alerts, a => a.ToJsonString().Contains(wrongPin, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_PIN_changed_on_the_token_while_running_leaves_it_unready_after_a_session_reset_without_a_retry_loop()
    {
        var second = SecondSoftHsmToken.Of(token);
        var clock = new TestClock();
        var (exchange, apiKey, label) = await HsmScenario.AccountAsync(clock, second.ImportHmac);
        await using var _1 = exchange;
        await using var alerts = await AlertReceiver.StartAsync();
        var (server, socket) = HsmScenario.Serve(token, SecondSoftHsmToken.TokenLabel);
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", exchange.BaseAddress, apiKey, label) });
        config["Hsm"] = HsmScenario.Hsm(RepoPaths.P11KitClientModule, SecondSoftHsmToken.TokenLabel, second.PinFile);
        config["Alerts"] = new JsonObject { ["Webhook"] = alerts.Url, ["DebounceSeconds"] = 0 };
        await using var sidecar = await SidecarUnderTest.StartAsync(config, watchConfig: false, clock);
        var newPin = "changed-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            using (var before = await sidecar.Client.GetAsync("/binance/api/v3/account"))
            {
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }

            SecondSoftHsmToken.ChangePin(second.Pin, newPin);

            // The session reset: the HSM connection drops and comes back, so Sidecar must log in again.
            server.Dispose();
            server = P11KitServer.Start(socket, SecondSoftHsmToken.TokenLabel);
            using (var during = await sidecar.Client.GetAsync("/binance/api/v3/account"))
            {
                await SidecarErrors.AssertAsync(during, 503, "hsm_unavailable");
            }

            // The reconnect's back-off between attempts runs on the clock: moved on while waiting for the login.
            await Eventually.UntilAsync(async () =>
            {
                clock.Advance(TimeSpan.FromMilliseconds(100));
                var (_, body) = await HsmScenario.ReadinessAsync(sidecar);
                return body["hsm"]!["pinRejected"]!.GetValue<bool>();
            }, "the refused PIN to be reported");
            await Eventually.UntilAsync(() => alerts.Received("hsm_login_failure"), "an hsm_login_failure alert");

            // No retry loop: still two logins a minute later.
            clock.AdvanceInSteps(TimeSpan.FromMinutes(1), Tick);
            var (status, readiness) = await HsmScenario.ReadinessAsync(sidecar);
            Assert.Equal(503, status);
            Assert.Equal(2, readiness["hsms"]!["default"]!["primary"]!["loginAttempts"]!.GetValue<int>());
            using (var after = await sidecar.Client.GetAsync("/binance/api/v3/account"))
            {
                await SidecarErrors.AssertAsync(after, 503, "hsm_unavailable");
            }

            Assert.Single(exchange.Requests);
            Assert.DoesNotContain(newPin, sidecar.Logs.All, StringComparison.Ordinal);
        }
        finally
        {
            SecondSoftHsmToken.ChangePin(newPin, second.Pin);
            server.Dispose();
        }
    }

    [Fact]
    public async Task Other_start_up_errors_still_stop_start_up_and_name_the_HSM()
    {
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", new Uri("http://127.0.0.1:9"), "k", "l") });
        config["Hsm"]!["Token"] = "no-such-token";

        var single = await Assert.ThrowsAsync<HsmException>(() => SidecarUnderTest.StartAsync(config));
        Assert.Contains("no token labelled 'no-such-token'", single.Message, StringComparison.Ordinal);

        config["Hsms"] = new JsonObject { ["other"] = HsmScenario.Hsm(RepoPaths.SoftHsmModule, "no-such-token-2", token.PinFile) };
        var several = await Assert.ThrowsAsync<ConfigException>(() => SidecarUnderTest.StartAsync(config));
        Assert.Equal(2, several.Errors.Count);
        Assert.Contains(several.Errors, e => e.StartsWith("Hsm: ", StringComparison.Ordinal) && e.Contains("'no-such-token'", StringComparison.Ordinal));
        Assert.Contains(several.Errors, e => e.StartsWith("Hsms:other: ", StringComparison.Ordinal) && e.Contains("'no-such-token-2'", StringComparison.Ordinal));
    }
}
