using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Telemetry;

/// <summary>Metrics at /metrics, spans with an HSM child, alerts to a webhook, and no secret in any of them.</summary>
[Collection(HsmCollection.Name)]
public sealed class TelemetryTests(SoftHsmToken token) : IAsyncLifetime
{
    private readonly ConcurrentQueue<JsonNode> _alerts = new();
    private BinanceAccount _account = null!;
    private LoopbackServer _webhook = null!;

    public async Task InitializeAsync()
    {
        _account = await BinanceAccount.CreateAsync(token);
        _webhook = await LoopbackServer.StartAsync(async context =>
        {
            _alerts.Enqueue(JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
    }

    public async Task DisposeAsync()
    {
        await _webhook.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_traces_and_alerts_follow_real_requests_and_carry_no_secret()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource("Sidecar").SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(spans).Build();
        var auditPath = Path.Combine(token.Directory, $"telemetry-{Guid.NewGuid():N}.log");
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", _account.Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.binance.com"),
            // The exchange does not know this key id: it answers -2015, an upstream authentication failure.
            ["wrongkey"] = SidecarUnderTest.Venue("binance-hmac", _account.Exchange.BaseAddress, "not-the-registered-key", _account.KeyLabel, "wrong.binance.test"),
        });
        config["Alerts"] = new JsonObject { ["Webhook"] = new Uri(_webhook.BaseAddress, "hook").ToString(), ["DebounceSeconds"] = 0 };
        config["Audit"] = new JsonObject { ["Path"] = auditPath };
        await using var sidecar = await SidecarUnderTest.StartAsync(config);

        using (var ok = await sidecar.Client.GetAsync("/binance/api/v3/account"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var rejected = await sidecar.Client.GetAsync("/wrongkey/api/v3/account"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        }

        using (var withdrawal = await sidecar.Client.PostAsync("/binance/sapi/v1/capital/withdraw/apply",
            new StringContent("coin=BTC&address=x&amount=1", Encoding.ASCII, "application/x-www-form-urlencoded")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, withdrawal.StatusCode);
        }

        // Metrics, as Prometheus scrapes them from the admin listener.
        var metrics = await sidecar.Admin.GetStringAsync("/metrics");
        Assert.Matches("sidecar_requests_total\\{[^}]*decision=\"signed\"[^}]*venue=\"binance\"[^}]*\\} 1", Normalise(metrics));
        Assert.Contains("sidecar_hsm_sign_duration_milliseconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Matches("sidecar_policy_refusals_total\\{[^}]*rule=\"category withdrawal\"[^}]*\\} 1", Normalise(metrics));
        Assert.Matches("sidecar_upstream_auth_failures_total\\{[^}]*code=\"-2015\"[^}]*venue=\"wrongkey\"[^}]*\\} 1", Normalise(metrics));
        Assert.Contains("sidecar_key_age", metrics, StringComparison.Ordinal);

        // Traces: the request span has the HSM sign as a child.
        var request = Assert.Single(spans, s => s.OperationName == "sidecar.request" && (s.GetTagItem("sidecar.venue") as string) == "binance" && (s.GetTagItem("sidecar.decision") as string) == "signed");
        var sign = Assert.Single(spans, s => s.OperationName == "sidecar.hsm.sign" && s.ParentSpanId == request.SpanId);
        Assert.Equal(_account.KeyLabel, sign.GetTagItem("sidecar.key"));
        Assert.Equal("binance-hmac", request.GetTagItem("sidecar.scheme"));

        // Alerts, at the webhook.
        await Eventually.UntilAsync(() => _alerts.Count >= 2, "two alerts at the webhook");
        Assert.Contains(_alerts, a => a["event"]?.GetValue<string>() == "upstream_auth_failure" && a["venue"]?.GetValue<string>() == "wrongkey");
        Assert.Contains(_alerts, a => a["event"]?.GetValue<string>() == "withdrawal_attempt" && a["venue"]?.GetValue<string>() == "binance");

        // No secret, PIN or full API key in logs, audit lines, metrics or alerts.
        await sidecar.FlushAuditAsync();
        var everything = string.Join('\n', sidecar.Logs.All, File.ReadAllText(auditPath), metrics, string.Join('\n', _alerts.Select(a => a.ToJsonString())),
            string.Join('\n', spans.SelectMany(s => s.TagObjects).Select(t => $"{t.Key}={t.Value}")));
        Assert.DoesNotContain(_account.Secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("signature=", everything, StringComparison.Ordinal);
    }

    // Prometheus label order is the exporter's; sort labels inside braces so the patterns do not depend on it.
    private static string Normalise(string metrics) => System.Text.RegularExpressions.Regex.Replace(metrics, "\\{([^}]*)\\}", m =>
        "{" + string.Join(',', m.Groups[1].Value.Split(',').OrderBy(l => l, StringComparer.Ordinal)) + "}");
}
