using System.Runtime.InteropServices;
using Sidecar.Configuration;
using Sidecar.Hosting;

namespace Sidecar.Cli;

/// <summary><c>sidecar run --config FILE</c>.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(CommandLine line)
    {
        var configPath = line.Required("config");
        line.RejectUnknown();
        var options = ConfigLoader.Load(configPath, out var file);
        var config = ConfigValidator.Validate(options, file);
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
