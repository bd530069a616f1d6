using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// The real <c>sidecar run</c> process, on free loopback ports, started from a config file and waited on until
/// /readyz answers 200. Its stdout and stderr are kept for assertions and secret scans.
/// </summary>
public sealed partial class SidecarProcessUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly string _configPath;

    private SidecarProcessUnderTest(Process process, ConcurrentQueue<string> output, string configPath, Uri proxy, Uri admin)
    {
        _process = process;
        _output = output;
        _configPath = configPath;
        ProxyUrl = proxy;
        AdminUrl = admin;
    }

    /// <summary>
    /// Environment that turns on the proxy's per-request line ("POST binance /api/v3/order (Signed) → 200"), which
    /// is Debug since issue #8, through the host's Logging configuration: for tests that assert on it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> RequestLines { get; } = new Dictionary<string, string> { ["Logging__LogLevel__Sidecar"] = "Debug" };

    /// <summary>e.g. http://127.0.0.1:41234/ — with the trailing slash ccxt's proxyUrl wants.</summary>
    public Uri ProxyUrl { get; }

    public Uri AdminUrl { get; }

    public string Output => string.Join('\n', _output);

    public int ProcessId => _process.Id;

    /// <summary>Starts sidecar with <paramref name="config"/>; Listen and Admin are replaced by free ports.</summary>
    /// <param name="launcher">A command that execs sidecar in its own process (e.g. <c>nohup</c>), or null.</param>
    public static async Task<SidecarProcessUnderTest> StartAsync(JsonObject config, string directory, IReadOnlyDictionary<string, string>? environment = null, string? launcher = null)
    {
        var port = FreePort();
        var adminPort = FreePort();
        config["Listen"] = $"http://127.0.0.1:{port}";
        config["Admin"] = $"http://127.0.0.1:{adminPort}";
        var configPath = Path.Combine(directory, $"sidecar-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configPath, config.ToJsonString());

        var output = new ConcurrentQueue<string>();
        var info = SidecarProcess.StartInfo("run", "--config", configPath);
        if (launcher is not null)
        {
            info = SidecarProcess.Under(launcher, info);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        var running = new SidecarProcessUnderTest(process, output, configPath, new Uri($"http://127.0.0.1:{port}/"), new Uri($"http://127.0.0.1:{adminPort}/"));
        try
        {
            await running.WaitUntilReadyAsync();
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }

        return running;
    }

    /// <summary>SIGKILL, at once: a crash (the OOM killer, kill -9). Nothing of Sidecar's runs after it.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Sends SIGTERM, as kubelet or systemd does to stop the container or service.</summary>
    public void Terminate()
    {
        if (kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The exit code, or null when the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(_configPath);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.UntilAsync(() => IsReadyAsync(client), "sidecar to answer /readyz with 200", TimeSpan.FromSeconds(60));
        }
        catch (Xunit.Sdk.FailException ex)
        {
            throw new TimeoutException(ex.Message + "; its output: " + Output, ex);
        }
    }

    private async Task<bool> IsReadyAsync(HttpClient client)
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException("sidecar exited: " + Output);
        }

        try
        {
            using var response = await client.GetAsync(new Uri(AdminUrl, "readyz"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Not listening yet, or slow to answer on a loaded machine: look again.
            return false;
        }
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    /// <summary>A loopback port free now (for a server the test starts next).</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
