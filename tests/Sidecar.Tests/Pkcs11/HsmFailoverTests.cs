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
    public async Task A_primary_that_refused_the_PIN_hands_over_once_and_is_never_probed_back()
    {
        var second = SecondSoftHsmToken.Of(token);
        var label = TestSecrets.Label("failover");
        var secret = Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());
        token.ImportHmac(label, secret);
        using var primary = HsmConnection.Open(
            new HsmSettings { ModulePath = RepoPaths.SoftHsmModule, TokenLabel = SecondSoftHsmToken.TokenLabel, SessionCount = 1, Name = "primary" },
            () => Encoding.UTF8.GetBytes("not-the-pin-" + Guid.NewGuid().ToString("N")[..8]));
        using var standby = HsmConnection.Open(token.Settings() with { Name = "standby" }, () => Encoding.UTF8.GetBytes(token.Pin));
        using var pair = new HsmFailover(primary, standby);
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

        // Several probe intervals and the fail-back hold later: still on the standby, one switch, one login.
        await Task.Delay(HsmFailover.FailbackHold + (HsmFailover.ProbeInterval * 4));
        key.Sign(data, signature);
        Assert.Equal(HsmRole.Standby, pair.Active);
        Assert.Equal(1, pair.Switches);
        Assert.Equal(1, primary.LoginAttempts);
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
