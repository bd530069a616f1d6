using System.Runtime.InteropServices;
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

        await using var host = await SidecarHost.StartAsync(config);
        host.WatchConfig(configPath);

        // SIGHUP reloads (the daemon convention) instead of ending the process.
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            host.RequestReload();
        });
        await host.WaitForShutdownAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }
}
