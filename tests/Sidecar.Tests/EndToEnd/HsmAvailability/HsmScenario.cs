using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.HsmAvailability;

/// <summary>Shared pieces of the HSM availability tests: accounts, a p11-kit-served token, an alert receiver.</summary>
internal static class HsmScenario
{
    private const int LoadWeightPerMinute = 100_000_000;

    /// <summary>A fake Binance whose HMAC secret is imported under one label into each of the given tokens.</summary>
    public static Task<(FakeBinance Exchange, string ApiKey, string Label)> AccountAsync(params Action<string, byte[]>[] importers) =>
        AccountAsync(TimeProvider.System, importers);

    /// <param name="time">The exchange's clock: a test's <see cref="TestClock"/> when Sidecar runs on it too.</param>
    /// <param name="importers">Each imports the secret under the label into one token.</param>
    public static async Task<(FakeBinance Exchange, string ApiKey, string Label)> AccountAsync(TimeProvider time, params Action<string, byte[]>[] importers)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = TestSecrets.BinanceStyle();
        var label = TestSecrets.Label("hsm-ha");
        foreach (var import in importers)
        {
            import(label, Encoding.UTF8.GetBytes(secret));
        }

        // The failover tests keep several workers signing for seconds, far above Binance's 6,000 weight a minute: the
        // fake publishes (and Sidecar's governor reads) a limit that load never reaches.
        var exchange = await FakeBinance.StartAsync(new FakeBinanceOptions
        {
            ApiKey = apiKey, Secret = Encoding.UTF8.GetBytes(secret), Time = time, SpotWeightPerMinute = LoadWeightPerMinute,
        });
        return (exchange, apiKey, label);
    }

    /// <summary>Starts <c>p11-kit server</c> for the token and points this process's p11-kit client at it.</summary>
    public static (P11KitServer Server, string Socket) Serve(SoftHsmToken token, string tokenLabel)
    {
        var socket = Path.Combine(token.Directory, $"p11-{Guid.NewGuid():N}.sock");
        var server = P11KitServer.Start(socket, tokenLabel);
        NativeEnvironment.Set("P11_KIT_SERVER_ADDRESS", "unix:path=" + socket);
        return (server, socket);
    }

    public static JsonObject Hsm(string module, string tokenLabel, string pinFile, int? signTimeoutMs = null)
    {
        var hsm = new JsonObject { ["Module"] = module, ["Token"] = tokenLabel, ["PinFile"] = pinFile, ["Sessions"] = 4 };
        if (signTimeoutMs is { } timeout)
        {
            hsm["SignTimeoutMs"] = timeout;
        }

        return hsm;
    }

    /// <summary>GET /readyz as JSON (whatever its status).</summary>
    public static async Task<(int Status, JsonNode Body)> ReadinessAsync(SidecarUnderTest sidecar)
    {
        using var response = await sidecar.Admin.GetAsync("/readyz");
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public static string Order(int i) => $"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price={50000 + i}";

    public static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");
}

/// <summary>A webhook receiver: the alerts Sidecar posts, parsed.</summary>
internal sealed class AlertReceiver : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private AlertReceiver(LoopbackServer server, ConcurrentQueue<JsonNode> alerts)
    {
        _server = server;
        Alerts = alerts;
    }

    public ConcurrentQueue<JsonNode> Alerts { get; }

    public string Url => new Uri(_server.BaseAddress, "hook").ToString();

    public static async Task<AlertReceiver> StartAsync()
    {
        var alerts = new ConcurrentQueue<JsonNode>();
        var server = await LoopbackServer.StartAsync(async context =>
        {
            alerts.Enqueue(JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        return new AlertReceiver(server, alerts);
    }

    public bool Received(string @event) => Alerts.Any(a => a.ToJsonString().Contains($"\"{@event}\"", StringComparison.Ordinal));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
