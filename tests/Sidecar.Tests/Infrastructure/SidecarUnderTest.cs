using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sidecar.Configuration;
using Sidecar.Hosting;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// A real Sidecar (both Kestrel listeners on loopback, port 0) started from a config file through the same
/// loader and validator as <c>sidecar run</c>, with its logs captured.
/// </summary>
public sealed class SidecarUnderTest : IAsyncDisposable
{
    private readonly SidecarHost _host;
    private readonly string _configDir;

    private SidecarUnderTest(SidecarHost host, CapturingLoggerProvider logs, string configDir)
    {
        _host = host;
        Logs = logs;
        _configDir = configDir;
        Client = host.ProxyAddress.Scheme == "unix"
            ? UnixSocketClient(host.ProxyAddress.AbsolutePath)
            : new HttpClient { BaseAddress = host.ProxyAddress, Timeout = TimeSpan.FromSeconds(30) };
        Admin = new HttpClient { BaseAddress = host.AdminAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public HttpClient Admin { get; }

    public CapturingLoggerProvider Logs { get; }

    public Uri ProxyAddress => _host.ProxyAddress;

    /// <summary>The config file the sidecar was started from (watched when started with <c>watchConfig</c>).</summary>
    public string ConfigPath => Path.Combine(_configDir, "sidecar.json");

    /// <summary>Signatures made so far (all venues): proves a refused request never reached the HSM.</summary>
    public long Signs => _host.Statistics.Total;

    /// <summary>A config with the token's module, PIN file, ports 0, and the given venues (JSON objects by name).</summary>
    public static JsonObject Config(SoftHsmToken token, JsonObject venues, string? module = null) => new()
    {
        ["Hsm"] = new JsonObject
        {
            ["Module"] = module ?? RepoPaths.SoftHsmModule,
            ["Token"] = SoftHsmToken.TokenLabel,
            ["PinFile"] = token.PinFile,
            ["Sessions"] = 4,
        },
        ["Listen"] = "http://127.0.0.1:0",
        ["Admin"] = "http://127.0.0.1:0",
        ["Venues"] = venues,

        // The start-up posture check sends one signed read per venue; tests that count what reached the exchange
        // would race it. The posture tests turn it on.
        ["Posture"] = new JsonObject { ["CheckAtStartup"] = false },
    };

    public static JsonObject Venue(string scheme, Uri upstream, string apiKey, string keyLabel, params string[] hosts) => new()
    {
        ["Scheme"] = scheme,
        ["Upstream"] = upstream.ToString().TrimEnd('/'),
        ["Hosts"] = new JsonArray([.. hosts.Select(h => (JsonNode)h)]),
        ["ApiKey"] = apiKey,
        ["Key"] = keyLabel,
    };

    /// <summary>A venue whose scheme needs a passphrase object (OKX, KuCoin, Coinbase Exchange).</summary>
    public static JsonObject VenueWithPassphrase(string scheme, Uri upstream, string apiKey, string keyLabel, string passphraseLabel, params string[] hosts)
    {
        var venue = Venue(scheme, upstream, apiKey, keyLabel, hosts);
        venue["Passphrase"] = passphraseLabel;
        return venue;
    }

    public static async Task<SidecarUnderTest> StartAsync(JsonObject config) => await StartAsync(config, watchConfig: false);

    /// <param name="watchConfig">Apply later changes of <see cref="ConfigPath"/> as <c>sidecar run</c> does.</param>
    /// <param name="clock">
    /// The host's clock (see <see cref="SidecarHost.StartAsync"/>): a <see cref="TestClock"/> lets the test move
    /// time on instead of waiting. Everything the host times then stands still until the test advances it, the
    /// timestamps it signs included (give the exchange the same clock).
    /// </param>
    public static async Task<SidecarUnderTest> StartAsync(JsonObject config, bool watchConfig, TimeProvider? clock = null)
    {
        var dir = Directory.CreateTempSubdirectory("sidecar-run-").FullName;
        var path = Path.Combine(dir, "sidecar.json");
        await File.WriteAllTextAsync(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var options = ConfigLoader.Load(path, out var file);
        var validated = ConfigValidator.Validate(options, file);
        var logs = new CapturingLoggerProvider();
        var host = await SidecarHost.StartAsync(validated, logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug), clock);
        if (watchConfig)
        {
            host.WatchConfig(path);
        }

        return new SidecarUnderTest(host, logs, dir);
    }

    /// <summary>
    /// For a host started with <c>watchConfig</c> on a <paramref name="clock"/> of the test's: moves the clock on,
    /// a debounce at a time, until the watcher has looked at the file (after its events, or at its poll) since
    /// this call began, and applied what it found. Two looks are awaited: the first may have begun before the call.
    /// </summary>
    public async Task LookAtConfigAsync(TestClock clock)
    {
        var watcher = _host.ConfigWatcher ?? throw new InvalidOperationException("started without watchConfig");
        var before = watcher.Checks;
        await Eventually.UntilAsync(() =>
        {
            clock.Advance(ConfigWatcher.Debounce);
            return watcher.Checks >= before + 2;
        }, "the config watcher to look at the file");
    }

    /// <summary>What SIGHUP does to <c>sidecar run</c>: reload the watched file now.</summary>
    public void RequestReload() => _host.RequestReload();

    /// <summary>Replaces the config file as editors do: a new file renamed over the old one.</summary>
    public async Task ReplaceConfigAsync(string content)
    {
        var temporary = ConfigPath + ".new";
        await File.WriteAllTextAsync(temporary, content);
        File.Move(temporary, ConfigPath, overwrite: true);
    }

    public Task ReplaceConfigAsync(JsonObject config) => ReplaceConfigAsync(config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>Waits until queued audit records are on disk.</summary>
    public Task FlushAuditAsync() => _host.Audit?.FlushAsync(TimeSpan.FromSeconds(10)) ?? Task.CompletedTask;

    /// <summary>An HttpClient that reaches the proxy over its Unix socket, as this (root) process.</summary>
    public static HttpClient UnixSocketClient(string socketPath) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        },
    })
    {
        BaseAddress = new Uri("http://localhost/"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async ValueTask DisposeAsync()
    {
        await FlushAuditAsync();
        Client.Dispose();
        Admin.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_configDir, recursive: true);
    }
}
