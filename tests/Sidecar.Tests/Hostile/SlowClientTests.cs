using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Hostile;

/// <summary>
/// Slowloris and connection floods from a local client, against the limits in Hosting/KestrelLimits.cs: a client
/// trickling headers is cut off after the header timeout (10 s), one that never sends its body after the body grace
/// period (5 s), and hundreds of idle connections do not stop a legitimate request. The bounds are generous: the
/// tests prove the cut-off happens, not its exact time.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class SlowClientTests(SoftHsmToken token) : IAsyncLifetime
{
    private HostileTarget _target = null!;

    public async Task InitializeAsync() => _target = await HostileTarget.StartAsync(token, "slow-client");

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task A_client_trickling_headers_is_cut_off_after_the_header_timeout()
    {
        using var client = await ConnectAsync();
        var stream = client.GetStream();
        await stream.WriteAsync("GET /binance/api/v3/account HTTP/1.1\r\nHost: 127.0.0.1\r\n"u8.ToArray());
        var clock = Stopwatch.StartNew();
        var cutOff = false;
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                // A header byte every 200 ms: the connection never goes idle, the headers never end. Kestrel's own
                // clock times the header timeout, so the trickle is real; 200 ms keeps the cut-off seen within that.
                await stream.WriteAsync("X"u8.ToArray());
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
            catch (IOException)
            {
                cutOff = true;
                break;
            }

            if (client.Client.Poll(0, SelectMode.SelectRead))
            {
                cutOff = true; // readable: a 408 answer, or the end of the stream
                break;
            }
        }

        Assert.True(cutOff, "the trickling client was still connected after 30 s");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(5), $"cut off after {clock.Elapsed.TotalSeconds:0.0} s: before the header timeout, so by something else");
        Assert.Equal(0, _target.Upstream.Count);
    }

    [Fact]
    public async Task A_client_that_never_sends_its_body_is_cut_off()
    {
        using var client = await ConnectAsync();
        var stream = client.GetStream();
        await stream.WriteAsync("POST /binance/api/v3/order HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nsymbol="u8.ToArray());
        var clock = Stopwatch.StartNew();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string answer;
        try
        {
            answer = await new StreamReader(stream, Encoding.Latin1).ReadToEndAsync(timeout.Token);
        }
        catch (IOException)
        {
            answer = ""; // reset
        }

        // Kestrel's minimum body rate (240 B/s after a 5 s grace) ends it: 408 from Sidecar, or a closed connection.
        var response = RawResponse.Parse(answer);
        Assert.True(response.Closed || response.Status == 408, HostileGen.Show(answer));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"cut off only after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(0, _target.Upstream.Count);
    }

    [Fact]
    public async Task A_flood_of_idle_connections_does_not_stop_a_legitimate_request()
    {
        const int Flood = 300;
        var idle = new List<TcpClient>();
        try
        {
            for (var i = 0; i < Flood; i++)
            {
                var client = await ConnectAsync();
                idle.Add(client);
                if (i % 2 == 0)
                {
                    // Half of them start a request and stall, the other half send nothing at all.
                    await client.GetStream().WriteAsync("GET /binance/api/v3/acc"u8.ToArray());
                }
            }

            var clock = Stopwatch.StartNew();
            using var response = await _target.Sidecar.Client.GetAsync("/binance/api/v3/account");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, _target.Upstream.Count);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"served after {clock.Elapsed.TotalSeconds:0.0} s beside {Flood} idle connections");
            Assert.Equal(Flood, idle.Count(c => c.Connected));
        }
        finally
        {
            foreach (var client in idle)
            {
                client.Dispose();
            }
        }
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _target.Sidecar.ProxyAddress.Port);
        return client;
    }
}
