using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Audit;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Audit;

/// <summary>The audit log: one chained line per decision, verifiable, rotating, and failing closed.</summary>
[Collection(HsmCollection.Name)]
public sealed class AuditLogTests(SoftHsmToken token) : IAsyncLifetime
{
    private BinanceAccount _account = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _account = await BinanceAccount.CreateAsync(token);
        _directory = Directory.CreateTempSubdirectory("sidecar-audit-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _account.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Every_decision_is_one_chained_line_without_secrets()
    {
        var path = Path.Combine(_directory, "audit.log");
        await using (var sidecar = await StartAsync(path))
        {
            using (await sidecar.Client.PostAsync("/binance/api/v3/order", Form("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=20000&newClientOrderId=audit-1"))) { }
            using (await sidecar.Client.GetAsync("/binance/api/v3/exchangeInfo")) { }
            using (await sidecar.Client.PostAsync("/binance/sapi/v1/capital/withdraw/apply", Form("coin=BTC&amount=1"))) { }
            using (await sidecar.Client.GetAsync("/nope/api/v3/account?signature=deadbeef")) { }
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(6, lines.Length);
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();

        // A request that left has its intent (written before its bytes were sent) and the answered record naming it
        // (written by the flusher's thread, so it may come after the next request's records).
        Assert.Equal(["signed", "forwarded", "refused", "refused"], records.Where(r => r.GetProperty("decision").GetString() != "answered").Select(r => r.GetProperty("decision").GetString()));
        var order = records[0];
        Assert.Equal("binance", order.GetProperty("venue").GetString());
        Assert.Equal("/api/v3/order", order.GetProperty("path").GetString());
        Assert.Equal(_account.KeyLabel, order.GetProperty("key").GetString());
        Assert.Equal("BTCUSDT", order.GetProperty("order").GetProperty("symbol").GetString());
        Assert.Equal("0.01", order.GetProperty("order").GetProperty("quantity").GetString());
        Assert.Equal("audit-1", order.GetProperty("order").GetProperty("clientOrderId").GetString());
        Assert.Equal(64, order.GetProperty("signedSha256").GetString()!.Length);
        Assert.Equal("default", order.GetProperty("hsm").GetString());
        Assert.False(order.TryGetProperty("upstreamStatus", out _), "the intent is written before the exchange answers");
        var forwarded = records.Single(r => r.GetProperty("decision").GetString() == "forwarded");
        var answers = records.Where(r => r.GetProperty("decision").GetString() == "answered").ToDictionary(r => r.GetProperty("ref").GetInt64());
        Assert.Equal([1L, forwarded.GetProperty("seq").GetInt64()], answers.Keys.Order());
        Assert.Equal(200, answers[1].GetProperty("upstreamStatus").GetInt32());
        Assert.Equal("ok", answers[1].GetProperty("outcome").GetString());
        Assert.All(answers.Values, a => Assert.True(a.GetProperty("seq").GetInt64() > a.GetProperty("ref").GetInt64()));
        var refusals = records.Where(r => r.GetProperty("decision").GetString() == "refused").ToList();
        Assert.Equal("category withdrawal", refusals[0].GetProperty("rule").GetString());
        Assert.Equal("/nope/api/v3/account", refusals[1].GetProperty("path").GetString());
        Assert.Equal([1L, 2, 3, 4, 5, 6], records.Select(r => r.GetProperty("seq").GetInt64()));
        Assert.Equal(AuditChain.Genesis, records[0].GetProperty("prev").GetString());

        var text = File.ReadAllText(path);
        Assert.DoesNotContain(_account.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, text, StringComparison.Ordinal);
        Assert.DoesNotContain("signature", text, StringComparison.Ordinal);
        Assert.DoesNotContain("deadbeef", text, StringComparison.Ordinal);

        var verify = await SidecarProcess.RunAsync(null, "audit", "verify", path);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("ok: 6 records", verify.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edit", 4)]
    [InlineData("delete", 2)]
    [InlineData("reorder", 2)]
    public async Task Tampering_with_one_line_makes_verify_fail_and_name_the_line(string tampering, int brokenLine)
    {
        var path = Path.Combine(_directory, $"tamper-{tampering}.log");
        await using (var sidecar = await StartAsync(path))
        {
            for (var i = 0; i < 5; i++)
            {
                using (await sidecar.Client.GetAsync("/binance/api/v3/account")) { }
            }
        }

        var lines = File.ReadAllLines(path).ToList();
        switch (tampering)
        {
            case "edit":
                lines[2] = lines[2].Replace("\"decision\":\"signed\"", "\"decision\":\"refused\"", StringComparison.Ordinal);
                break;
            case "delete":
                lines.RemoveAt(1);
                break;
            default:
                (lines[1], lines[2]) = (lines[2], lines[1]);
                break;
        }

        await File.WriteAllLinesAsync(path, lines);
        var verify = await SidecarProcess.RunAsync(null, "audit", "verify", path);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains($"{path}:{brokenLine}:", verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotation_by_size_keeps_the_chain_across_files()
    {
        var path = Path.Combine(_directory, "rotating.log");
        await using (var sidecar = await StartAsync(path, maxFileBytes: 4096))
        {
            for (var i = 0; i < 40; i++)
            {
                using (await sidecar.Client.GetAsync("/binance/api/v3/account")) { }
            }
        }

        var files = AuditChain.FilesOf(path);
        var verdict = AuditChain.Verify(path);

        Assert.True(files.Count >= 3, $"{files.Count} files");
        Assert.True(verdict.Ok, verdict.Reason);
        Assert.Equal(80, verdict.Records); // an intent and its answer per request
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 4096));
    }

    [Fact]
    public async Task A_full_disk_stops_signing_until_space_returns()
    {
        using var disk = TinyDisk.Mount(Path.Combine(_directory, "tiny"));
        var mount = disk.Path;
        var path = Path.Combine(mount, "audit.log");
        await using var sidecar = await StartAsync(path);
        using (var ok = await sidecar.Client.GetAsync("/binance/api/v3/account"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var filler = Path.Combine(mount, "filler");
        TinyDisk.Fill(filler);

        // Records still fit in the audit file's last page; a few more requests fill it, then writes fail.
        await Eventually.UntilAsync(async () =>
        {
            using (await sidecar.Client.GetAsync("/binance/api/v3/account")) { }
            return !await IsReadyAsync(sidecar);
        }, "audit writes to fail on the full disk (readiness 503)", TimeSpan.FromSeconds(15));
        var forwarded = _account.Exchange.Requests.Count;
        var signs = sidecar.Signs;
        Assert.Equal(0, await AvailableAsync(sidecar));

        using var refused = await sidecar.Client.GetAsync("/binance/api/v3/account");
        await SidecarErrors.AssertAsync(refused, 503, "audit_unavailable");
        Assert.Equal(forwarded, _account.Exchange.Requests.Count);
        Assert.Equal(signs, sidecar.Signs);

        File.Delete(filler);
        await Eventually.UntilAsync(() => IsReadyAsync(sidecar), "readiness once the disk has room again (the log retries)", TimeSpan.FromSeconds(15));
        Assert.Equal(1, await AvailableAsync(sidecar));
        using var again = await sidecar.Client.GetAsync("/binance/api/v3/account");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await sidecar.FlushAuditAsync();
        var verdict = AuditChain.Verify(path);
        Assert.True(verdict.Ok, verdict.Reason);

        // Every signature made has its intent in the chain, the late ones too; the gap has a record of its own.
        var records = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(sidecar.Signs, records.Count(r => r.GetProperty("decision").GetString() == "signed"));
        var gap = Assert.Single(records, r => r.GetProperty("decision").GetString() == "recovered");
        Assert.Contains("could not be written from", gap.GetProperty("rule").GetString(), StringComparison.Ordinal);
    }

    private async Task<SidecarUnderTest> StartAsync(string auditPath, long maxFileBytes = AuditOptionsDefaults.MaxFileBytes)
    {
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.binance.com"),
        });
        config["Audit"] = new JsonObject { ["Path"] = auditPath, ["MaxFileBytes"] = maxFileBytes };
        return await SidecarUnderTest.StartAsync(config);
    }

    // sidecar_audit_available, the gauge the alert rules watch.
    private static async Task<int> AvailableAsync(SidecarUnderTest sidecar)
    {
        var metrics = await sidecar.Admin.GetStringAsync("/metrics");
        var line = metrics.Split('\n').Single(l => l.StartsWith("sidecar_audit_available", StringComparison.Ordinal) && !l.StartsWith("sidecar_audit_available_", StringComparison.Ordinal));
        return int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<bool> IsReadyAsync(SidecarUnderTest sidecar)
    {
        using var response = await sidecar.Admin.GetAsync("/readyz");
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");
}
