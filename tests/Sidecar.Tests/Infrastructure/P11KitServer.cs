using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sidecar.Tests.Infrastructure;

/// <summary><c>p11-kit server</c> serving the test token over a Unix socket, as the isolated deployment does.</summary>
internal sealed partial class P11KitServer : IDisposable
{
    private readonly Process _process;

    private P11KitServer(Process process)
    {
        _process = process;
    }

    public static P11KitServer Start(string socketPath, string tokenLabel = SoftHsmToken.TokenLabel)
    {
        var info = new ProcessStartInfo("p11-kit")
        {
            ArgumentList = { "server", "-f", "-n", socketPath, "--provider", RepoPaths.SoftHsmModule, $"pkcs11:token={tokenLabel}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("p11-kit did not start");
        Eventually.Until(() => File.Exists(socketPath) || process.HasExited, "p11-kit server to create its socket or exit");
        if (!File.Exists(socketPath))
        {
            throw new InvalidOperationException("p11-kit server exited without creating its socket: " + process.StandardError.ReadToEnd());
        }

        return new P11KitServer(process);
    }

    /// <summary>
    /// SIGSTOP to the server and the children serving its connections: an HSM that hangs. Every call in flight or
    /// made later blocks until <see cref="Resume"/>.
    /// </summary>
    public void Pause() => Signal(SigStop);

    /// <summary>SIGCONT: the hung HSM answers again.</summary>
    public void Resume() => Signal(SigCont);

    private const int SigCont = 18;
    private const int SigStop = 19;

    private void Signal(int signal)
    {
        foreach (var pid in (int[])[_process.Id, .. Descendants(_process.Id)])
        {
            _ = kill(pid, signal);
        }
    }

    // p11-kit server forks a child per client connection; /proc/<pid>/stat's fourth field is the parent pid.
    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    parents[pid] = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The process ended while we looked.
                }
            }
        }

        var found = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var (pid, ppid) in parents)
            {
                if (ppid == parent)
                {
                    found.Add(pid);
                    queue.Enqueue(pid);
                }
            }
        }

        return found;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

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
