namespace Sidecar.Pkcs11;

/// <summary>
/// Hung HSMs. A PKCS#11 call cannot be interrupted, and the sign path must not allocate (no Task per sign), so a
/// sign runs inline on the request thread and records its start in its session's slot (<see cref="HsmSession"/>).
/// One timer per connection, on the connection's <see cref="Clock"/>, looks at the slots every quarter of
/// <see cref="HsmSettings.SignTimeout"/>; the slots hold that clock's timestamps, so a test's fake clock drives
/// both ends. A sign
/// older than the time-out makes the connection hung: new signs fail fast (503, or the standby HSM), and each stuck
/// sign's <see cref="Signing.InFlightSign"/> is abandoned, which lets the proxy answer that request 503 at once
/// while its thread is still inside the HSM. When the call finally returns, the sign sees it was abandoned and
/// throws its result away. Once no sign is stuck (the HSM answers again), the connection is usable again.
/// </summary>
public sealed partial class HsmConnection
{
    private ITimer? _watchdog;
    private volatile string? _hung;
    private int _watching;

    /// <summary>Why the connection is considered hung; null when every running sign is within its time-out.</summary>
    public string? Hung => _hung;

    /// <summary>This connection's name in audit records, metrics and readiness.</summary>
    public string Name => _settings.Name;

    /// <summary>Hangs detected since start-up.</summary>
    public int Hangs { get; private set; }

    private void StartWatchdog()
    {
        var period = TimeSpan.FromMilliseconds(Math.Max(10, _settings.SignTimeout.TotalMilliseconds / 4));
        _watchdog = Clock.CreateTimer(static state => ((HsmConnection)state!).Watch(), this, period, period);
    }

    private void StopWatchdog() => _watchdog?.Dispose();

    private void Watch()
    {
        // A timer tick can outlast the period when a callback is slow; never run two at once.
        if (Interlocked.Exchange(ref _watching, 1) == 1 || _disposed)
        {
            return;
        }

        try
        {
            var pool = Sessions;
            if (pool is null)
            {
                return;
            }

            var stuck = 0;
            var now = Clock.GetTimestamp();
            foreach (var session in pool.All)
            {
                var started = session.SignStarted;
                if (started == 0 || Clock.GetElapsedTime(started, now) <= _settings.SignTimeout)
                {
                    continue;
                }

                stuck++;

                // Only the run that started at `started` can be abandoned: a reused registration has another start.
                session.InFlight?.TryAbandon(started, $"the HSM '{Name}' did not answer within {_settings.SignTimeout.TotalMilliseconds:0} ms");
            }

            if (stuck > 0 && _hung is null)
            {
                Hangs++;
                _hung = $"the HSM '{Name}' (token '{TokenLabel}') has not answered {stuck} sign(s) within {_settings.SignTimeout.TotalMilliseconds:0} ms (Hsm:SignTimeoutMs); signs fail fast until it answers";
                StateChanged?.Invoke(_hung);
            }
            else if (stuck == 0 && _hung is not null)
            {
                _hung = null;
                StateChanged?.Invoke($"the HSM '{Name}' (token '{TokenLabel}') answers again after a hang");
            }
        }
        finally
        {
            Volatile.Write(ref _watching, 0);
        }
    }
}
