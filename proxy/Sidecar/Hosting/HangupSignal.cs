using System.Runtime.InteropServices;

namespace Sidecar.Hosting;

/// <summary>
/// SIGHUP reloads the configuration (the daemon convention) instead of ending the process, from the moment the
/// process starts rather than from the moment it is ready.
/// <para>
/// Two things would otherwise lose the signal. A process started under <c>nohup</c>, or by any parent that ignores
/// SIGHUP, inherits the signal as ignored, and .NET leaves a signal that was ignored at start ignored even with a
/// registration: <c>kill -HUP</c> then does nothing, without a word. Sidecar restores the default disposition first,
/// as nginx does; a hangup still cannot end it, since the handler cancels the default action. And a SIGHUP that
/// arrives before the handler is in place ends the process (the default action), so the handler is registered
/// before the host starts; a signal that comes before the host can reload is kept and applied once it can.
/// </para>
/// </summary>
internal sealed class HangupSignal : IDisposable
{
    private const int SIGHUP = 1;
    private const nint SigDfl = 0;

    private readonly Lock _gate = new();
    private readonly PosixSignalRegistration _registration;
    private Action? _reload;
    private bool _pending;

    private HangupSignal()
    {
        if (OperatingSystem.IsLinux())
        {
            // From here until the registration below, a hangup would end the process: microseconds, at start.
            signal(SIGHUP, SigDfl);
        }

        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            OnHangup();
        });
    }

    /// <summary>Catches SIGHUP from now on; signals before <see cref="ReloadWith"/> wait for it.</summary>
    public static HangupSignal Catch() => new();

    /// <summary>From now on a SIGHUP calls <paramref name="reload"/>; one that came earlier calls it now.</summary>
    public void ReloadWith(Action reload)
    {
        bool pending;
        lock (_gate)
        {
            _reload = reload;
            pending = _pending;
            _pending = false;
        }

        if (pending)
        {
            reload();
        }
    }

    public void Dispose() => _registration.Dispose();

    /// <summary>What the signal does; internal for the tests, which cannot time a real signal against start-up.</summary>
    internal void OnHangup()
    {
        Action? reload;
        lock (_gate)
        {
            reload = _reload;
            _pending = reload is null;
        }

        reload?.Invoke();
    }

    // DllImport with blittable arguments: the project does not allow unsafe code, which LibraryImport needs.
    [DllImport("libc")]
    private static extern nint signal(int signum, nint handler);
}
