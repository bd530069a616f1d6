using System.Diagnostics;

namespace Sidecar.Tests.Infrastructure;

/// <summary>Runs the real <c>sidecar</c> command line (the built sidecar.dll) with input on stdin.</summary>
internal static class SidecarProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        // SIDECAR_TEST_EXECUTABLE runs these tests against another build of the same code, e.g. the Native AOT
        // one: SIDECAR_TEST_EXECUTABLE=$PWD/artifacts/bin-aot/sidecar dotnet test … (README, "Native AOT build").
        var executable = Environment.GetEnvironmentVariable("SIDECAR_TEST_EXECUTABLE");
        var info = new ProcessStartInfo(string.IsNullOrEmpty(executable) ? "dotnet" : executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (string.IsNullOrEmpty(executable))
        {
            info.ArgumentList.Add(RepoPaths.SidecarDll);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    /// <summary>The same command run through <paramref name="launcher"/>, which execs it (its process id stays).</summary>
    public static ProcessStartInfo Under(string launcher, ProcessStartInfo info)
    {
        var wrapped = new ProcessStartInfo(launcher)
        {
            RedirectStandardInput = info.RedirectStandardInput,
            RedirectStandardOutput = info.RedirectStandardOutput,
            RedirectStandardError = info.RedirectStandardError,
        };
        wrapped.ArgumentList.Add(info.FileName);
        foreach (var arg in info.ArgumentList)
        {
            wrapped.ArgumentList.Add(arg);
        }

        return wrapped;
    }

    public static async Task<Result> RunAsync(string? stdin, params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
