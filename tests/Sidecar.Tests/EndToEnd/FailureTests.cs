using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.Configuration;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd;

/// <summary>Start-up refusals, unreachable or silent upstreams, and an HSM that disappears mid-run.</summary>
[Collection(HsmCollection.Name)]
public sealed class FailureTests(SoftHsmToken token)
{
    [Fact]
    public async Task Start_up_refuses_missing_key_labels_and_lists_every_one()
    {
        var venues = new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue("binance-hmac", new Uri("http://127.0.0.1:9"), "k", "missing-one"),
            ["binance-usdm"] = SidecarUnderTest.Venue("binance-hmac", new Uri("http://127.0.0.1:9"), "k", "missing-two", "fapi.binance.com"),
        };

        var ex = await Assert.ThrowsAsync<ConfigException>(() => SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, venues)));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.StartsWith("Venues:binance:Key:", StringComparison.Ordinal) && e.Contains("'missing-one'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Venues:binance-usdm:Key:", StringComparison.Ordinal) && e.Contains("'missing-two'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unreachable_upstream_is_a_502_with_the_sidecar_error_and_audited_as_not_sent()
    {
        var label = TestSecrets.Label("down");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var closedPort = FreePort();
        var audit = Path.Combine(token.Directory, $"audit-{Guid.NewGuid():N}.log");
        var venues = new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", new Uri($"http://127.0.0.1:{closedPort}"), "k", label) };
        var config = SidecarUnderTest.Config(token, venues);
        config["Audit"] = new JsonObject { ["Path"] = audit };
        await using (var sidecar = await SidecarUnderTest.StartAsync(config))
        {
            using var response = await sidecar.Client.PostAsync("/binance/api/v3/order", Form(Order));

            await SidecarErrors.AssertAsync(response, 502, "upstream_unavailable");
        }

        // Signed, its intent written; then what became of it: never sent.
        var (intent, answer) = AuditRecordsOf(audit, "POST", "/api/v3/order");
        Assert.Equal("signed", intent.GetProperty("decision").GetString());
        Assert.Equal("upstream_unavailable", answer.GetProperty("rule").GetString());
        Assert.Equal("not_sent", answer.GetProperty("outcome").GetString());
    }

    /// <summary>
    /// Each fault comes on a kept-alive connection (after one good request), where an HTTP stack is most tempted
    /// to re-send. Sidecar's own errors carry X-Sidecar-Error; the exchange's own 5xx and 3xx pass through
    /// unchanged. Whatever happens, the exchange sees the request once, and the audit's answer to the signed intent
    /// says "unknown" wherever the order may have been placed without Sidecar knowing.
    /// </summary>
    [Theory]
    [InlineData(UpstreamFault.ResetBeforeAnswer, "POST", 502, "upstream_unavailable", "unknown")]
    [InlineData(UpstreamFault.ResetBeforeAnswer, "DELETE", 502, "upstream_unavailable", "unknown")]
    [InlineData(UpstreamFault.ResetBeforeAnswer, "GET", 502, "upstream_unavailable", "unknown")]
    [InlineData(UpstreamFault.Held, "POST", 504, "upstream_timeout", "unknown")]
    [InlineData(UpstreamFault.Held, "DELETE", 504, "upstream_timeout", "unknown")]
    [InlineData(UpstreamFault.ServerError, "POST", 500, null, "unknown")]
    [InlineData(UpstreamFault.ServerError, "DELETE", 500, null, "unknown")]
    [InlineData(UpstreamFault.Redirect, "POST", 302, null, "ok")]
    [InlineData(UpstreamFault.Redirect, "GET", 302, null, "ok")]
    public async Task An_upstream_fault_is_answered_once_never_re_sent_and_audited(UpstreamFault fault, string method, int status, string? sidecarError, string outcome)
    {
        await using var upstream = FaultyUpstream.Start();
        await using var elsewhere = FaultyUpstream.Start();
        upstream.RedirectTo = new Uri(elsewhere.BaseAddress, "/api/v3/order");
        upstream.SetFault("/api/v3/order", fault);
        upstream.SetFault("/api/v3/openOrders", fault);
        var (path, request) = Request(method);
        var audit = Path.Combine(token.Directory, $"audit-{Guid.NewGuid():N}.log");

        await using (var sidecar = await StartAsync(upstream, audit))
        using (var bot = NonRedirectingClient(sidecar))
        {
            using (var warm = await bot.GetAsync("/binance/api/v3/account"))
            {
                Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
            }

            using var response = await bot.SendAsync(request);

            Assert.Equal(status, (int)response.StatusCode);
            if (sidecarError is not null)
            {
                await SidecarErrors.AssertAsync(response, status, sidecarError);
            }
            else
            {
                Assert.False(response.Headers.Contains("X-Sidecar-Error"));
            }

            if (fault == UpstreamFault.ServerError)
            {
                Assert.Contains("-1000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            if (fault == UpstreamFault.Redirect)
            {
                Assert.Equal(upstream.RedirectTo, response.Headers.Location);
            }

            Assert.Equal(1, upstream.RequestsTo(path));
            Assert.Equal(1, upstream.Connections); // the fault came on the warm connection, and none was opened to re-send
        }

        Assert.Equal(1, upstream.RequestsTo(path));
        Assert.Equal(0, elsewhere.Connections);
        var (intent, answer) = AuditRecordsOf(audit, method, path);
        Assert.Equal("signed", intent.GetProperty("decision").GetString());
        Assert.Equal(outcome, answer.GetProperty("outcome").GetString());
        Assert.Equal(sidecarError, answer.TryGetProperty("rule", out var rule) ? rule.GetString() : null);
    }

    [Fact]
    public async Task A_compressed_answer_reaches_the_bot_byte_for_byte_as_the_exchange_sent_it()
    {
        await using var upstream = FaultyUpstream.Start();
        upstream.SetFault("/api/v3/openOrders", UpstreamFault.Gzip);
        var audit = Path.Combine(token.Directory, $"audit-{Guid.NewGuid():N}.log");
        await using var sidecar = await StartAsync(upstream, audit);
        using var bot = NonRedirectingClient(sidecar); // no automatic decompression on the bot's side either

        using var response = await bot.GetAsync("/binance/api/v3/openOrders?symbol=BTCUSDT");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal(FaultyUpstream.GzipBody, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    public async Task A_reset_after_the_status_line_never_reaches_the_bot_as_a_success(string method)
    {
        await using var upstream = FaultyUpstream.Start();
        upstream.SetFault("/api/v3/order", UpstreamFault.ResetMidBody);
        upstream.SetFault("/api/v3/openOrders", UpstreamFault.ResetMidBody);
        var (path, request) = Request(method);
        var audit = Path.Combine(token.Directory, $"audit-{Guid.NewGuid():N}.log");

        await using (var sidecar = await StartAsync(upstream, audit))
        using (var bot = NonRedirectingClient(sidecar))
        {
            using (var warm = await bot.GetAsync("/binance/api/v3/account"))
            {
                Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
            }

            // The status line was already relayed, so Sidecar cannot turn it into a 502: it aborts the bot's
            // connection, and the bot sees a cut response, never a short body it could take for a whole one.
            try
            {
                using var response = await bot.SendAsync(request);
                await SidecarErrors.AssertAsync(response, 502, "upstream_unavailable");
            }
            catch (HttpRequestException)
            {
                // The expected shape: the body was cut.
            }
        }

        Assert.Equal(1, upstream.RequestsTo(path));
        var (intent, answer) = AuditRecordsOf(audit, method, path);
        Assert.Equal("signed", intent.GetProperty("decision").GetString());
        Assert.Equal("unknown", answer.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task HSM_gone_mid_run_answers_503_and_forwards_nothing()
    {
        // The token is served by `p11-kit server` in another process; Sidecar loads p11-kit-client.so. Killing the
        // server is an HSM (or its network) going away while the proxy runs.
        await using var account = await BinanceAccount.CreateAsync(token);
        var socket = Path.Combine(token.Directory, $"p11-{Guid.NewGuid():N}.sock");
        using var server = P11KitServer.Start(socket);
        NativeEnvironment.Set("P11_KIT_SERVER_ADDRESS", "unix:path=" + socket);
        var venues = new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel) };
        await using var sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, venues, RepoPaths.P11KitClientModule));

        using (var before = await sidecar.Client.GetAsync("/binance/api/v3/account"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        server.Kill();
        var forwardedBefore = account.Exchange.Requests.Count;

        using var during = await sidecar.Client.PostAsync("/binance/api/v3/order",
            new StringContent("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1", Encoding.ASCII, "application/x-www-form-urlencoded"));
        using var ready = await sidecar.Admin.GetAsync("/readyz");

        await SidecarErrors.AssertAsync(during, 503, "hsm_unavailable");
        Assert.Equal(forwardedBefore, account.Exchange.Requests.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains(sidecar.Logs.Lines, l => l.Contains("[300]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HSM_back_after_an_outage_signs_again_within_5_seconds()
    {
        await using var account = await BinanceAccount.CreateAsync(token);
        var socket = Path.Combine(token.Directory, $"p11-{Guid.NewGuid():N}.sock");
        var server = P11KitServer.Start(socket);
        NativeEnvironment.Set("P11_KIT_SERVER_ADDRESS", "unix:path=" + socket);
        var venues = new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel) };
        await using var sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, venues, RepoPaths.P11KitClientModule));
        try
        {
            using (var before = await sidecar.Client.GetAsync("/binance/api/v3/account"))
            {
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }

            server.Dispose();
            using (var during = await sidecar.Client.GetAsync("/binance/api/v3/account"))
            {
                await SidecarErrors.AssertAsync(during, 503, "hsm_unavailable");
            }

            server = P11KitServer.Start(socket);
            var back = System.Diagnostics.Stopwatch.StartNew();
            await Eventually.UntilAsync(async () =>
            {
                using var attempt = await sidecar.Client.GetAsync("/binance/api/v3/account");
                return attempt.StatusCode == HttpStatusCode.OK;
            }, "signing to resume after the p11-kit server returned");
            Assert.True(back.Elapsed < TimeSpan.FromSeconds(5), $"signing resumed after {back.Elapsed.TotalSeconds:0.0} s");
            using var ready = await sidecar.Admin.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains("re-established", sidecar.Logs.All, StringComparison.Ordinal);
            Assert.DoesNotContain(account.Exchange.Requests, r => r.Signature != Sidecar.FakeExchange.SignatureCheck.Valid);
        }
        finally
        {
            server.Dispose();
        }
    }

    private const string Order = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1";

    private static (string Path, HttpRequestMessage Request) Request(string method) => method switch
    {
        "POST" => ("/api/v3/order", new HttpRequestMessage(HttpMethod.Post, "/binance/api/v3/order") { Content = Form(Order) }),
        "DELETE" => ("/api/v3/order", new HttpRequestMessage(HttpMethod.Delete, "/binance/api/v3/order?symbol=BTCUSDT&orderId=7")),
        _ => ("/api/v3/openOrders", new HttpRequestMessage(HttpMethod.Get, "/binance/api/v3/openOrders?symbol=BTCUSDT")),
    };

    private async Task<SidecarUnderTest> StartAsync(FaultyUpstream upstream, string auditPath)
    {
        var label = TestSecrets.Label("fault");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var venues = new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", upstream.BaseAddress, "k", label) };
        var config = SidecarUnderTest.Config(token, venues);
        config["Limits"] = new JsonObject { ["UpstreamTimeoutMs"] = 1000 };
        config["Audit"] = new JsonObject { ["Path"] = auditPath };

        // Every connection is counted: the clock probe must not make one (this upstream has no time endpoint).
        config["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("binance") };
        return await SidecarUnderTest.StartAsync(config);
    }

    // The bot's side must not follow redirects either, or the test could not see what Sidecar answered.
    private static HttpClient NonRedirectingClient(SidecarUnderTest sidecar) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = sidecar.ProxyAddress, Timeout = TimeSpan.FromSeconds(30) };

    // A request's intent and the answered record that names it.
    private static (JsonElement Intent, JsonElement Answer) AuditRecordsOf(string auditPath, string method, string path)
    {
        var records = File.ReadAllLines(auditPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var intent = Assert.Single(records, r => r.GetProperty("method").GetString() == method && r.GetProperty("path").GetString() == path
            && r.GetProperty("decision").GetString() != "answered");
        var seq = intent.GetProperty("seq").GetInt64();
        return (intent, Assert.Single(records, r => r.TryGetProperty("ref", out var reference) && reference.GetInt64() == seq));
    }

    private static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
