using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Audit;

/// <summary>
/// The copies of the audit records for the SIEM and log shippers: OpenTelemetry log records at a real OTLP/HTTP
/// receiver (decoded from the wire), JSON lines on stdout; and a collector that is down or stuck never fails or stops
/// a request (it is counted). The file stays the source of truth.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class AuditExportTests(SoftHsmToken token) : IAsyncLifetime
{
    private BinanceAccount _account = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _account = await BinanceAccount.CreateAsync(token);
        _directory = Directory.CreateTempSubdirectory("sidecar-audit-export-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _account.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    // "telemetry": the collector named once, in Telemetry:Otlp (its metrics and traces go there too).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_record_reaches_a_real_OTLP_receiver_as_a_log_record_whose_body_is_the_files_line(bool namedByTelemetry)
    {
        await using var receiver = await OtlpLogsReceiver.StartAsync();
        var path = Path.Combine(_directory, "otlp.log");
        var config = Config(path, otlp: namedByTelemetry ? "telemetry" : receiver.BaseAddress.ToString());
        if (namedByTelemetry)
        {
            config["Telemetry"] = new JsonObject { ["Otlp"] = receiver.BaseAddress.ToString() };
        }

        await using (var sidecar = await SidecarUnderTest.StartAsync(config))
        {
            using (await sidecar.Client.PostAsync("/binance/api/v3/order", Form("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=20000&newClientOrderId=otlp-1"))) { }
            using (await sidecar.Client.PostAsync("/binance/sapi/v1/capital/withdraw/apply", Form("coin=BTC&amount=1"))) { }
            await Eventually.UntilAsync(() => receiver.Logs.Count >= 3, "three log records at the receiver");
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length); // signed, answered, refused
        var received = receiver.Logs;
        Assert.Equal(lines.Order(StringComparer.Ordinal), received.Select(l => l.Body!).Order(StringComparer.Ordinal));
        foreach (var line in lines)
        {
            var log = Assert.Single(received, l => l.Body == line);
            var record = JsonDocument.Parse(line).RootElement;
            Assert.Equal(record.GetProperty("seq").GetInt64(), log.Attributes["sidecar.audit.seq"]);
            Assert.Equal(record.GetProperty("decision").GetString(), log.Attributes["sidecar.audit.decision"]);
            Assert.Equal("binance", log.Attributes["sidecar.venue"]);
            Assert.Equal("sidecar", log.Resource["service.name"]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_collector_that_is_down_or_stuck_neither_fails_nor_stops_a_request_and_is_counted(bool stuck)
    {
        await using var hanging = stuck ? await OtlpLogsReceiver.StartAsync(hang: true) : null;
        var endpoint = hanging?.BaseAddress.ToString() ?? $"http://127.0.0.1:{ClosedPort()}";
        var path = Path.Combine(_directory, $"down-{stuck}.log");
        await using var sidecar = await SidecarUnderTest.StartAsync(Config(path, otlp: endpoint));
        for (var i = 0; i < 20; i++)
        {
            using var response = await sidecar.Client.GetAsync("/binance/api/v3/account");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await sidecar.FlushAuditAsync();
        Assert.Equal(40, File.ReadAllLines(path).Length);
        await Eventually.UntilAsync(async () => Failures(await sidecar.Admin.GetStringAsync("/metrics")) > 0,
            "sidecar_audit_failures_total{reason=\"otlp\"} to count the failed export", TimeSpan.FromSeconds(30));
        using var ready = await sidecar.Admin.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var after = await sidecar.Client.GetAsync("/binance/api/v3/account");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task With_Stdout_the_real_process_prints_each_record_as_the_files_line()
    {
        var path = Path.Combine(_directory, "stdout.log");
        var config = Config(path, stdout: true);
        await using var sidecar = await SidecarProcessUnderTest.StartAsync(config, _directory);
        using var bot = new HttpClient { BaseAddress = sidecar.ProxyUrl };
        using (await bot.GetAsync("binance/api/v3/account")) { }
        using (await bot.PostAsync("binance/sapi/v1/capital/withdraw/apply", Form("coin=BTC&amount=1"))) { }

        await Eventually.UntilAsync(() => sidecar.Output.Split('\n').Count(l => l.StartsWith("{\"seq\":", StringComparison.Ordinal)) >= 3, "three audit lines on stdout");
        var printed = sidecar.Output.Split('\n').Where(l => l.StartsWith("{\"seq\":", StringComparison.Ordinal)).ToArray();
        Assert.Equal(File.ReadAllLines(path), printed);
    }

    private JsonObject Config(string path, string? otlp = null, bool stdout = false)
    {
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.binance.com"),
        });
        var audit = new JsonObject { ["Path"] = path, ["Stdout"] = stdout };
        if (otlp is not null)
        {
            audit["Otlp"] = otlp;
        }

        config["Audit"] = audit;
        return config;
    }

    private static double Failures(string metrics) => metrics.Split('\n')
        .Where(l => l.StartsWith("sidecar_audit_failures_total{", StringComparison.Ordinal) && l.Contains("reason=\"otlp\"", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    // A port nothing listens on: bound, then released.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");
}
