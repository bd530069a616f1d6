using Sidecar.Hosting;

namespace Sidecar.Tests.Hosting;

/// <summary>
/// A SIGHUP is caught from start-up on: one that arrives before the host can reload is kept and applied once it
/// can, instead of ending the process or being lost. (The real signal, and a process started with SIGHUP ignored,
/// are in EndToEnd/Reload/ReloadSignalTests.)
/// </summary>
public sealed class HangupSignalTests
{
    [Fact]
    public void A_hangup_before_the_host_can_reload_is_applied_once_it_can()
    {
        using var hangup = HangupSignal.Catch();
        var reloads = 0;

        hangup.OnHangup();
        hangup.OnHangup();
        hangup.ReloadWith(() => reloads++);

        Assert.Equal(1, reloads); // two early signals, one reload of the same file
    }

    [Fact]
    public void Without_an_early_hangup_nothing_reloads_until_one_comes()
    {
        using var hangup = HangupSignal.Catch();
        var reloads = 0;

        hangup.ReloadWith(() => reloads++);
        Assert.Equal(0, reloads);

        hangup.OnHangup();
        hangup.OnHangup();
        Assert.Equal(2, reloads);
    }
}
