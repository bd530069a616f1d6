using System.Diagnostics;

namespace Sidecar.Tests.Infrastructure;

/// <summary><c>p11-kit server</c> serving the test token over a Unix socket, as the isolated deployment does.</summary>
internal sealed class P11KitServer : IDisposable
{
    private readonly Process _process;

    private P11KitServer(Process process)
    {
        _process = process;
    }

    public static P11KitServer Start(string socketPath)
    {
        var info = new ProcessStartInfo("p11-kit")
        {
            ArgumentList = { "server", "-f", "-n", socketPath, "--provider", RepoPaths.SoftHsmModule, $"pkcs11:token={SoftHsmToken.TokenLabel}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("p11-kit did not start");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(socketPath))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("p11-kit server did not create its socket: " + process.StandardError.ReadToEnd());
            }

            Thread.Sleep(20);
        }

        return new P11KitServer(process);
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
