using System.Text;
using System.Text.Json.Nodes;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// The real <c>sidecar run</c> process with one binance-hmac venue, "binance", whose exchange is a
/// <see cref="FaultyUpstream"/>: a fresh key in the token, the upstream, a config and a temporary directory for the
/// config file and anything else the test writes (an audit log). <see cref="Create"/> arranges; the test adjusts
/// <see cref="Upstream"/>, <see cref="Config"/> or <see cref="Venue"/> before <see cref="StartAsync"/>, so what
/// is particular to it stays at the call site. Disposing ends the process, then the upstream, then the directory.
/// </summary>
internal sealed class BinanceProcessSetup : IAsyncDisposable
{
    private SidecarProcessUnderTest? _sidecar;
    private HttpClient? _bot;

    private BinanceProcessSetup(FaultyUpstream upstream, JsonObject config, string directory)
    {
        Upstream = upstream;
        Config = config;
        Directory = directory;
    }

    public FaultyUpstream Upstream { get; }

    /// <summary>What <see cref="StartAsync"/> writes to the config file (Listen and Admin are replaced by free ports).</summary>
    public JsonObject Config { get; }

    /// <summary>The "binance" venue inside <see cref="Config"/>, for a test that sets its Policy.</summary>
    public JsonObject Venue => Config["Venues"]!["binance"]!.AsObject();

    /// <summary>A temporary directory, deleted with everything in it on dispose.</summary>
    public string Directory { get; }

    public SidecarProcessUnderTest Sidecar => _sidecar ?? throw new InvalidOperationException("not started");

    /// <summary>The bot's client for the proxy listener (paths as "binance/api/v3/order").</summary>
    public HttpClient Bot => _bot ?? throw new InvalidOperationException("not started");

    /// <param name="name">Names the key label and the temporary directory, e.g. "alloc".</param>
    public static BinanceProcessSetup Create(SoftHsmToken token, string name)
    {
        var label = TestSecrets.Label(name);
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var upstream = FaultyUpstream.Start();
        var config = SidecarUnderTest.Config(token, new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", upstream.BaseAddress, "k", label) });
        config["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("binance") }; // no time endpoint upstream
        return new BinanceProcessSetup(upstream, config, System.IO.Directory.CreateTempSubdirectory($"sidecar-{name}-").FullName);
    }

    /// <summary>Starts the process from <see cref="Config"/> and waits until it is ready.</summary>
    public async Task<SidecarProcessUnderTest> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        _sidecar = await SidecarProcessUnderTest.StartAsync(Config, Directory, environment);
        _bot = new HttpClient { BaseAddress = _sidecar.ProxyUrl, Timeout = TimeSpan.FromSeconds(30) };
        return _sidecar;
    }

    public async ValueTask DisposeAsync()
    {
        _bot?.Dispose();
        if (_sidecar is not null)
        {
            await _sidecar.DisposeAsync();
        }

        await Upstream.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
