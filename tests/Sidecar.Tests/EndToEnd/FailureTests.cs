using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
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
    public async Task Unreachable_upstream_is_a_502_with_the_sidecar_error()
    {
        var label = TestSecrets.Label("down");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        var closedPort = FreePort();
        var venues = new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", new Uri($"http://127.0.0.1:{closedPort}"), "k", label) };
        await using var sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, venues));

        using var response = await sidecar.Client.GetAsync("/binance/api/v3/account");

        await BinanceProxyTests.AssertSidecarError(response, 502, "upstream_unavailable");
    }

    [Fact]
    public async Task Silent_upstream_is_a_504_and_the_request_is_sent_once()
    {
        var label = TestSecrets.Label("slow");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle()));
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = 0;
        var held = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var client = await silent.AcceptTcpClientAsync();
                Interlocked.Increment(ref accepted);
                held.Add(client); // read nothing, answer nothing
            }
        });
        var venues = new JsonObject { ["binance"] = SidecarUnderTest.Venue("binance-hmac", new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"), "k", label) };
        var config = SidecarUnderTest.Config(token, venues);
        config["Limits"] = new JsonObject { ["UpstreamTimeoutMs"] = 500 };

        // Every connection is counted: the clock probe must not make one (this upstream has no time endpoint).
        config["Clock"] = new JsonObject { ["LocalClockVenues"] = new JsonArray("binance") };
        await using var sidecar = await SidecarUnderTest.StartAsync(config);

        using var response = await sidecar.Client.PostAsync("/binance/api/v3/order",
            new StringContent("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1", Encoding.ASCII, "application/x-www-form-urlencoded"));

        await BinanceProxyTests.AssertSidecarError(response, 504, "upstream_timeout");
        Assert.Equal(1, Volatile.Read(ref accepted));
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

        await BinanceProxyTests.AssertSidecarError(during, 503, "hsm_unavailable");
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
                await BinanceProxyTests.AssertSidecarError(during, 503, "hsm_unavailable");
            }

            server = P11KitServer.Start(socket);
            var back = System.Diagnostics.Stopwatch.StartNew();
            HttpStatusCode status;
            do
            {
                await Task.Delay(100);
                using var attempt = await sidecar.Client.GetAsync("/binance/api/v3/account");
                status = attempt.StatusCode;
            }
            while (status != HttpStatusCode.OK && back.Elapsed < TimeSpan.FromSeconds(10));

            Assert.Equal(HttpStatusCode.OK, status);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
