using System.Text;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Pkcs11;

/// <summary>The failover key over a primary and a standby connection, on real SoftHSM2 tokens.</summary>
[Collection(HsmCollection.Name)]
public sealed class HsmFailoverTests(SoftHsmToken token)
{
    [Fact]
    public void A_primary_that_refused_the_PIN_hands_over_once_and_is_never_probed_back()
    {
        var second = SecondSoftHsmToken.Of(token);
        var label = TestSecrets.Label("failover");
        var secret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
        token.ImportHmac(label, secret);
        using var primary = HsmConnection.Open(
            new HsmSettings { ModulePath = RepoPaths.SoftHsmModule, TokenLabel = SecondSoftHsmToken.TokenLabel, SessionCount = 1, Name = "primary" },
            () => Encoding.UTF8.GetBytes("not-the-pin-" + Guid.NewGuid().ToString("N")[..8]));
        using var standby = HsmConnection.Open(token.Settings() with { Name = "standby" }, () => Encoding.UTF8.GetBytes(token.Pin));
        var clock = new TestClock();
        using var pair = new HsmFailover(primary, standby, clock);
        var key = pair.Wrap(primary.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256), standby.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256));
        var data = "symbol=BTCUSDT&timestamp=1"u8.ToArray();
        var expected = new byte[64];
        var expectedLength = new ReferenceHmacKey(secret).Sign(data, expected).Length;

        Assert.True(primary.PinRejected);
        Assert.Equal(1, primary.LoginAttempts);
        var signature = new byte[64];
        var length = key.Sign(data, signature).Length;
        Assert.Equal(expected.AsSpan(0, expectedLength).ToArray(), signature.AsSpan(0, length).ToArray());
        Assert.Equal(HsmRole.Standby, pair.Active);

        // Ten fail-back holds on the pair's clock (forty probe ticks, run as the clock passes them): still on the
        // standby, one switch, one login. The test below shows the same ticks do bring a healthy primary back.
        clock.AdvanceInSteps(HsmFailover.FailbackHold * 10, HsmFailover.ProbeInterval);
        key.Sign(data, signature);
        Assert.Equal(HsmRole.Standby, pair.Active);
        Assert.Equal(1, pair.Switches);
        Assert.Equal(1, primary.LoginAttempts);
    }

    [Fact]
    public void A_primary_that_answers_again_gets_signing_back_once_it_has_been_healthy_for_the_hold()
    {
        using var primary = token.Connect();
        using var standby = HsmConnection.Open(token.Settings() with { Name = "standby" }, () => Encoding.UTF8.GetBytes(token.Pin));
        var clock = new TestClock();
        using var pair = new HsmFailover(primary, standby, clock);
        pair.FailOver("a blip");
        Assert.Equal(HsmRole.Standby, pair.Active);

        // The first probe finds the primary healthy and the hold counts from it: a probe short of the hold, no switch.
        clock.AdvanceInSteps(HsmFailover.FailbackHold, HsmFailover.ProbeInterval);
        Assert.Equal(HsmRole.Standby, pair.Active);

        clock.Advance(HsmFailover.ProbeInterval);
        Assert.Equal(HsmRole.Primary, pair.Active);
        Assert.Equal(2, pair.Switches);
    }

    [Fact]
    public void A_sign_abandoned_by_the_watchdog_is_never_retried_on_the_standby()
    {
        var label = TestSecrets.Label("abandoned");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        using var primary = token.Connect();
        using var standby = HsmConnection.Open(token.Settings() with { Name = "standby" }, () => Encoding.UTF8.GetBytes(token.Pin));
        using var pair = new HsmFailover(primary, standby);
        var standbyKey = new CountingKey(standby.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256));
        var key = pair.Wrap(primary.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256), standbyKey);
        var inFlight = new AlreadyAnswered();
        inFlight.Begin();
        Assert.True(inFlight.Arm(42));
        Assert.True(inFlight.TryAbandon(42, "test"));

        Assert.Throws<SignAbandonedException>(() => key.Sign("x"u8, new byte[64]));
        Assert.False(inFlight.End());
        Assert.Equal(HsmRole.Primary, pair.Active);
        Assert.Equal(0, standbyKey.Signs);
    }

    /// <summary>Counts the signs that reach a key: an abandoned sign must never be retried on the standby.</summary>
    private sealed class CountingKey(ISigningKey inner) : ISigningKey
    {
        public int Signs { get; private set; }

        public string Label => inner.Label;

        public SignatureAlgorithm Algorithm => inner.Algorithm;

        public SignResult Sign(ReadOnlySpan<byte> data, Span<byte> signature)
        {
            Signs++;
            return inner.Sign(data, signature);
        }
    }

    private sealed class AlreadyAnswered : InFlightSign
    {
        protected override Task AnswerAbandonedAsync(string reason) => Task.CompletedTask;
    }
}
