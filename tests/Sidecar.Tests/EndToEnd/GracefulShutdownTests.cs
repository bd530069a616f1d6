using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd;

/// <summary>SIGTERM to the real process while orders wait on an exchange that holds its answers: nothing in flight is lost.</summary>
[Collection(HsmCollection.Name)]
public sealed class GracefulShutdownTests(SoftHsmToken token)
{
    private const int InFlight = 3;

    [Fact]
    public async Task SIGTERM_refuses_new_connections_finishes_requests_in_flight_flushes_the_audit_log_and_exits_0()
    {
        await using var binance = BinanceProcessSetup.Create(token, "stop");
        binance.Upstream.SetFault("/api/v3/order", UpstreamFault.Held);
        var audit = Path.Combine(binance.Directory, "audit.log");
        binance.Config["Audit"] = new JsonObject { ["Path"] = audit };
        var sidecar = await binance.StartAsync();
        var orders = Enumerable.Range(0, InFlight)
            .Select(i => binance.Bot.PostAsync("binance/api/v3/order", Form($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1&newClientOrderId=stop-{i}")))
            .ToList();
        await Eventually.UntilAsync(() => binance.Upstream.RequestsTo("/api/v3/order") == InFlight, "the orders to reach the exchange", TimeSpan.FromSeconds(20));

        var stopping = Stopwatch.StartNew();
        sidecar.Terminate();
        await Eventually.UntilAsync(async () => !await AcceptsConnectionsAsync(sidecar.ProxyUrl.Port), "the proxy listener to close", TimeSpan.FromSeconds(5));
        var refusedWhileInFlight = orders.Count(o => !o.IsCompleted);

        // The admin listener stays up through the drain, and says why the sidecar is no longer ready.
        using var admin = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var readiness = await admin.GetAsync(new Uri(sidecar.AdminUrl, "readyz"));
        var readinessBody = JsonNode.Parse(await readiness.Content.ReadAsStringAsync())!;
        var stillInFlight = orders.Count(o => !o.IsCompleted);

        binance.Upstream.Release();
        var answers = await Task.WhenAll(orders);
        var exitCode = await sidecar.WaitForExitAsync(TimeSpan.FromSeconds(15));
        var stopped = stopping.Elapsed;

        Assert.Equal(InFlight, refusedWhileInFlight); // the listener was closed while all three still waited
        Assert.Equal(InFlight, stillInFlight);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
        Assert.Equal("unready", (string?)readinessBody["status"]);
        Assert.True((bool?)readinessBody["shutdown"]?["draining"]);
        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("{\"held\":true}", await answer.Content.ReadAsStringAsync()); // the exchange's own answer
            answer.Dispose();
        }

        Assert.Equal(0, exitCode);
        Assert.True(stopped < TimeSpan.FromSeconds(10), $"exited {stopped.TotalSeconds:0.0} s after SIGTERM");
        Assert.Equal(InFlight, binance.Upstream.RequestsTo("/api/v3/order"));
        Assert.Contains("[220]", sidecar.Output, StringComparison.Ordinal);
        Assert.Contains("[221]", sidecar.Output, StringComparison.Ordinal);

        // Each request in flight: its intent, and its answer once the drain let it finish.
        var records = File.ReadAllLines(audit).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2 * InFlight, records.Count);
        Assert.Equal(InFlight, records.Count(r => r.GetProperty("decision").GetString() == "signed"));
        var answered = records.Where(r => r.GetProperty("decision").GetString() == "answered").ToList();
        Assert.Equal(InFlight, answered.Count);
        Assert.All(answered, r => Assert.Equal("ok", r.GetProperty("outcome").GetString()));
        var verify = await SidecarProcess.RunAsync(null, "audit", "verify", audit);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains($"ok: {2 * InFlight} records", verify.Stdout, StringComparison.Ordinal);
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");
}
