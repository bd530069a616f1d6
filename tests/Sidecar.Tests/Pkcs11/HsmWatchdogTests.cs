using System.Text;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Tests.EndToEnd.HsmAvailability;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Pkcs11;

/// <summary>
/// The watchdog on the connection's clock (a <see cref="TestClock"/>), against a token whose p11-kit server is
/// stopped (SIGSTOP): a sign stuck inside it is abandoned once the clock is past the sign time-out, not at it,
/// and the connection stays hung until the call has returned.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class HsmWatchdogTests(SoftHsmToken token)
{
    private static readonly TimeSpan SignTimeout = TimeSpan.FromSeconds(1);

    // The watchdog looks every quarter of the sign time-out (HsmConnection.Watchdog.cs).
    private static readonly TimeSpan Period = SignTimeout / 4;

    [Fact]
    public async Task A_sign_stuck_past_the_sign_timeout_is_abandoned_and_the_connection_is_hung_until_it_returns()
    {
        var label = TestSecrets.Label("watchdog");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var (server, _) = HsmScenario.Serve(token, SoftHsmToken.TokenLabel);
        using var _1 = server;
        var clock = new TestClock();
        var settings = new HsmSettings { ModulePath = RepoPaths.P11KitClientModule, TokenLabel = SoftHsmToken.TokenLabel, SessionCount = 1, SignTimeout = SignTimeout };
        using var hsm = HsmConnection.Open(settings, () => Encoding.UTF8.GetBytes(token.Pin), clock);
        var key = hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256);
        var request = new Request();
        Task stuck;

        server.Pause();
        try
        {
            stuck = Task.Factory.StartNew(() =>
            {
                request.Begin();
                try
                {
                    key.Sign("symbol=BTCUSDT"u8, new byte[64]);
                }
                finally
                {
                    request.End();
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await Eventually.UntilAsync(() => hsm.Sessions.All[0].SignStarted != 0, "the sign to enter the HSM");

            clock.AdvanceInSteps(SignTimeout, Period);
            Assert.Null(hsm.Hung);
            Assert.False(request.IsAbandoned, "abandoned at the sign time-out, not past it");

            clock.Advance(Period);
            Assert.Contains("has not answered 1 sign(s) within 1000 ms", hsm.Hung, StringComparison.Ordinal);
            Assert.True(request.IsAbandoned);
            await request.Answered;
            Assert.Contains("did not answer within 1000 ms", request.Reason, StringComparison.Ordinal);
            Assert.False(stuck.IsCompleted, "the native call cannot be interrupted: it runs until the HSM answers");
        }
        finally
        {
            server.Resume();
        }

        // The late signature is thrown away; the next look finds nothing stuck.
        await Assert.ThrowsAsync<SignAbandonedException>(() => stuck);
        Assert.NotNull(hsm.Hung);
        clock.Advance(Period);
        Assert.Null(hsm.Hung);
        Assert.Equal(1, hsm.Hangs);
    }

    private sealed class Request : InFlightSign
    {
        public string? Reason { get; private set; }

        protected override Task AnswerAbandonedAsync(string reason)
        {
            Reason = reason;
            return Task.CompletedTask;
        }
    }
}
