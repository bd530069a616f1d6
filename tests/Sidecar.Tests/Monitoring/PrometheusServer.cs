using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Monitoring;

/// <summary>
/// A real Prometheus (Debian's package) on a free loopback port with its data in a temporary directory, scraping one
/// target every second and evaluating its rules every second, queried through its HTTP API.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly string _directory;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, Uri address)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _log.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _log.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _directory = directory;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The <c>job</c> label of the scraped target; SidecarDown matches jobs named like it.</summary>
    public const string Job = "sidecar";

    /// <param name="target">host:port of the /metrics to scrape.</param>
    /// <param name="rules">The rules file to evaluate.</param>
    public static async Task<PrometheusServer> StartAsync(string target, string rules)
    {
        var directory = Directory.CreateTempSubdirectory("sidecar-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:
              - {rules}
            scrape_configs:
              - job_name: {Job}
                static_configs:
                  - targets: ["{target}"]
            """);
        var port = SidecarProcessUnderTest.FreePort();
        var info = new ProcessStartInfo("prometheus")
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Promtool.Start(info);
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await Eventually.UntilAsync(server.IsReadyAsync, "Prometheus to answer /-/ready", TimeSpan.FromSeconds(30));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>What Prometheus logged (warnings and errors).</summary>
    public string Log => string.Join('\n', _log);

    /// <summary>GET an API path; the <c>data</c> member of a successful answer.</summary>
    public async Task<JsonNode> ApiAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(pathAndQuery);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(body["status"]?.GetValue<string>() == "success", $"{pathAndQuery}: {body.ToJsonString()}");
        return body["data"]!;
    }

    /// <summary>An instant query's result vector.</summary>
    public async Task<JsonArray> QueryAsync(string promQl) =>
        (await ApiAsync("api/v1/query?query=" + Uri.EscapeDataString(promQl)))["result"]!.AsArray();

    /// <summary>The pending and firing alerts.</summary>
    public async Task<JsonArray> AlertsAsync() => (await ApiAsync("api/v1/alerts"))["alerts"]!.AsArray();

    private async Task<bool> IsReadyAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"prometheus exited ({_process.ExitCode}): {Log}");
        }

        try
        {
            using var response = await _http.GetAsync("-/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
