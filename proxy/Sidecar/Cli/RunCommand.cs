using Sidecar.Configuration;
using Sidecar.Hosting;

namespace Sidecar.Cli;

/// <summary><c>sidecar run --config FILE</c>.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(CommandLine line)
    {
        // First, while the process has few threads: fewer malloc arenas to hold freed memory (NativeHeap).
        NativeHeap.LimitArenas();
        var configPath = line.Required("config");
        line.RejectUnknown();
        var options = ConfigLoader.Load(configPath, out var file);
        var config = ConfigValidator.Validate(options, file);

        // Before the PIN is read: no core file or same-user ptrace from here on (Posture:HardenProcess).
        // The background posture check reports whether it took (process.core-dumps).
        if (config.Posture.HardenProcess)
        {
            Doctor.NativeProcess.DisableDumps();
        }

        // SIGHUP reloads instead of ending the process, even one that arrives while the host is still starting.
        using var hangup = HangupSignal.Catch();
        await using var host = await SidecarHost.StartAsync(config);
        host.WatchConfig(configPath);
        hangup.ReloadWith(host.RequestReload);
        await host.WaitForShutdownAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }
}
