using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.HsmAvailability;

/// <summary>
/// An HSM that hangs (issue #9): its <c>p11-kit server</c> stopped with SIGSTOP. Signs stuck inside it are answered
/// 503 after Hsm:SignTimeoutMs, not when it comes back; later signs fail fast; a venue whose key is on another
/// token keeps signing; SIGCONT recovers; a late signature is never forwarded.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class HsmHangTests(SoftHsmToken token)
{
    private const int SignTimeoutMs = 1000;

    [Fact]
    public async Task A_hung_HSM_answers_503_after_the_sign_timeout_fails_fast_and_spares_venues_on_another_token()
    {
        var second = SecondSoftHsmToken.Of(token);
        var (hungExchange, hungApiKey, hungLabel) = await HsmScenario.AccountAsync((label, secret) => token.ImportHmac(label, secret));
        var (otherExchange, otherApiKey, otherLabel) = await HsmScenario.AccountAsync(second.ImportHmac);
        await using var _1 = hungExchange;
        await using var _2 = otherExchange;
        var (server, _) = HsmScenario.Serve(token, SoftHsmToken.TokenLabel);
        using var _3 = server;
        var other = SidecarUnderTest.Venue("binance-hmac", otherExchange.BaseAddress, otherApiKey, otherLabel, "other.binance.test");
        other["Hsm"] = "other";
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", hungExchange.BaseAddress, hungApiKey, hungLabel),
            ["other"] = other,
        });
        config["Hsm"] = HsmScenario.Hsm(RepoPaths.P11KitClientModule, SoftHsmToken.TokenLabel, token.PinFile, SignTimeoutMs);
        config["Hsms"] = new JsonObject { ["other"] = HsmScenario.Hsm(RepoPaths.SoftHsmModule, SecondSoftHsmToken.TokenLabel, second.PinFile) };
        await using var sidecar = await SidecarUnderTest.StartAsync(config);
        using (var before = await sidecar.Client.GetAsync("/binance/api/v3/account"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var forwardedBefore = hungExchange.Requests.Count;
        server.Pause();
        try
        {
            var clock = Stopwatch.StartNew();
            using (var stuck = await sidecar.Client.PostAsync("/binance/api/v3/order", HsmScenario.Form(HsmScenario.Order(0))))
            {
                var answeredAfter = clock.Elapsed;
                await SidecarErrors.AssertAsync(stuck, 503, "hsm_unavailable");

                // Answered while the HSM is still stopped: about the sign time-out plus one watchdog period.
                Assert.True(answeredAfter < TimeSpan.FromMilliseconds(SignTimeoutMs * 3), $"the stuck sign was answered after {answeredAfter.TotalMilliseconds:0} ms");
                Assert.True(answeredAfter >= TimeSpan.FromMilliseconds(SignTimeoutMs * 0.9), $"answered before the time-out ({answeredAfter.TotalMilliseconds:0} ms)");
            }

            clock.Restart();
            using (var fast = await sidecar.Client.GetAsync("/binance/api/v3/account"))
            {
                await SidecarErrors.AssertAsync(fast, 503, "hsm_unavailable");
                Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(SignTimeoutMs), $"a sign on the hung HSM took {clock.Elapsed.TotalMilliseconds:0} ms to fail");
            }

            using (var elsewhere = await sidecar.Client.GetAsync("/other/api/v3/account"))
            {
                Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
            }

            var (status, readiness) = await HsmScenario.ReadinessAsync(sidecar);
            Assert.Equal(503, status);
            Assert.True(readiness["hsms"]!["default"]!["primary"]!["hung"]!.GetValue<bool>());
            Assert.True(readiness["hsms"]!["other"]!["canSign"]!.GetValue<bool>());
            Assert.Equal(forwardedBefore, hungExchange.Requests.Count);
        }
        finally
        {
            server.Resume();
        }

        await Eventually.UntilAsync(async () =>
        {
            using var again = await sidecar.Client.GetAsync("/binance/api/v3/account");
            return again.StatusCode == HttpStatusCode.OK;
        }, "signing to resume after SIGCONT", TimeSpan.FromSeconds(5));

        // The stuck sign's late signature was discarded: the order never reached the exchange.
        Assert.DoesNotContain(hungExchange.Requests, r => r.Path == "/api/v3/order");
        Assert.All(hungExchange.Requests, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        Assert.All(otherExchange.Requests, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        await Eventually.UntilAsync(() => sidecar.Logs.Lines.Any(l => l.Contains("[324]", StringComparison.Ordinal)),
            "the abandoned sign to be logged when the HSM call returned", TimeSpan.FromSeconds(5));
    }
}
