using Sidecar.Signing;

namespace Sidecar.Pkcs11;

/// <summary>Which HSM of a primary/standby pair signs.</summary>
public enum HsmRole
{
    Primary = 0,
    Standby = 1,
}

/// <summary>
/// A primary HSM and its standby (<c>Hsm:Standby</c>): another module or token holding its own copy of each key
/// under the same labels. Signs go to the primary while it works. The first sign that finds it unavailable
/// (device error, hang, token gone) moves every key of the pair to the standby; a probe every
/// <see cref="ProbeInterval"/> moves them back once the primary has answered again for <see cref="FailbackHold"/>.
/// A primary that refused the PIN is never probed back (that needs a person), so a PIN error cannot flip-flop.
/// </summary>
public sealed class HsmFailover : IDisposable
{
    /// <summary>How often the primary is probed while the standby signs.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the primary must have been healthy before signs move back: one blip does not flap.</summary>
    public static readonly TimeSpan FailbackHold = TimeSpan.FromSeconds(1);

    private readonly ITimer _probe;
    private readonly TimeProvider _clock;
    private readonly Lock _switchLock = new();
    private volatile int _active;
    private long _healthySince;
    private int _probing;
    private long _switches;

    /// <param name="clock">Times the probes and the fail-back hold; the system's when null (tests pass a fake one).</param>
    public HsmFailover(HsmConnection primary, HsmConnection standby, TimeProvider? clock = null)
    {
        Primary = primary;
        Standby = standby;
        _clock = clock ?? TimeProvider.System;
        _probe = _clock.CreateTimer(static state => ((HsmFailover)state!).ProbePrimary(), this, ProbeInterval, ProbeInterval);
    }

    public HsmConnection Primary { get; }

    public HsmConnection Standby { get; }

    public HsmRole Active => (HsmRole)_active;

    /// <summary>A key no configuration uses any more: neither connection looks it up again after a reconnect.</summary>
    public void Release(ISigningKey key)
    {
        if (key is FailoverKey pair)
        {
            Primary.Release(pair.PrimaryKey);
            Standby.Release(pair.StandbyKey);
            return;
        }

        Primary.Release(key);
    }

    /// <summary>Switches between primary and standby since start-up (both directions).</summary>
    public long Switches => Interlocked.Read(ref _switches);

    /// <summary>Raised on every switch, with the role now active and why (for logs, alerts and metrics).</summary>
    public event Action<HsmRole, string>? Switched;

    /// <summary>Wraps a key resolved on both HSMs under the same label.</summary>
    public Signing.ISigningKey Wrap(Signing.ISigningKey primary, Signing.ISigningKey standby) => new FailoverKey(this, primary, standby);

    /// <summary>Called by a sign that found the primary unavailable.</summary>
    internal void FailOver(string reason)
    {
        SwitchTo(HsmRole.Standby, $"the primary HSM '{Primary.Name}' failed ({reason}); signing with the standby '{Standby.Name}'");
    }

    private void SwitchTo(HsmRole role, string reason)
    {
        lock (_switchLock)
        {
            if (_active == (int)role)
            {
                return;
            }

            _active = (int)role;
            Interlocked.Increment(ref _switches);
            Interlocked.Exchange(ref _healthySince, 0);
        }

        Switched?.Invoke(role, reason);
    }

    private void ProbePrimary()
    {
        // A probe into a primary that hangs again must not pile up timer callbacks.
        if (_active == (int)HsmRole.Primary || Primary.PinRejected || Interlocked.Exchange(ref _probing, 1) == 1)
        {
            return;
        }

        try
        {
            if (!Primary.Probe(out _))
            {
                Interlocked.Exchange(ref _healthySince, 0);
                return;
            }

            // 0 means "not healthy yet": a clock's timestamps are positive (the system's since boot, a fake one's since year 1).
            var now = _clock.GetTimestamp();
            var since = Interlocked.CompareExchange(ref _healthySince, now, 0);
            if (since != 0 && _clock.GetElapsedTime(since, now) >= FailbackHold)
            {
                SwitchTo(HsmRole.Primary, $"the primary HSM '{Primary.Name}' answers again; signing with it");
            }
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    public void Dispose() => _probe.Dispose();
}
