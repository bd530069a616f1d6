using System.ComponentModel;
using System.Diagnostics;

namespace Sidecar.Tests.Monitoring;

/// <summary>
/// Debian's <c>promtool</c> (package <c>prometheus</c>, which scripts/test.sh installs). Never skipped: without it
/// these tests fail and say what to install.
/// </summary>
internal static class Promtool
{
    public const string Missing = "Debian's 'prometheus' package is required by the monitoring tests (promtool, prometheus): scripts/test.sh installs it, or run 'apt-get install --no-install-recommends prometheus'";

    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("promtool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Start(info);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return new Result(process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Starts a program of the prometheus package, or fails saying how to install it.</summary>
    public static Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(Missing + ": " + ex.Message, ex);
        }
    }
}
