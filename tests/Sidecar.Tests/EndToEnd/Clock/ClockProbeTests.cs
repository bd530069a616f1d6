using System.Text;
using Microsoft.AspNetCore.Http;
using Sidecar.Clock;
using Sidecar.Configuration;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.FakeExchange.Kraken;
using Sidecar.Proxy;

namespace Sidecar.Tests.EndToEnd.Clock;

/// <summary>
/// <see cref="ClockProbe.MeasureAsync(VenueDefinition, HttpMessageInvoker, CancellationToken)"/> on its own (as
/// <c>sidecar doctor</c> uses it), against fake exchanges on loopback: no HSM involved.
/// </summary>
public sealed class ClockProbeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-clock-probe-").FullName;
    private readonly HttpMessageInvoker _client = UpstreamClient.Create();

    [Theory]
    [InlineData(3000)]
    [InlineData(-3000)]
    [InlineData(0)]
    public async Task Measures_a_millisecond_endpoint_within_its_round_trip(int offsetMs)
    {
        await using var exchange = await FakeBinance.StartAsync(new FakeBinanceOptions { ApiKey = "k", Secret = [1, 2, 3], ClockOffset = TimeSpan.FromMilliseconds(offsetMs) });

        var measured = await ClockProbe.MeasureAsync(Venue("binance-hmac", exchange.BaseAddress), _client, CancellationToken.None);

        Assert.InRange(measured.OffsetMilliseconds, offsetMs - 250, offsetMs + 250);
        Assert.InRange(measured.UncertaintyMilliseconds, 0, 250);
        Assert.Equal(ClockProbe.DefaultSamples, measured.Samples);
        Assert.Empty(exchange.Requests);
    }

    [Fact]
    public async Task A_whole_second_endpoint_is_measured_with_its_resolution_in_the_uncertainty()
    {
        // Kraken reports whole seconds: the offset is known to ±(half a second + half the round trip) at best.
        await using var kraken = await FakeKraken.StartAsync(new FakeKrakenOptions { ApiKey = "k", Secret = [1, 2, 3] });

        var measured = await ClockProbe.MeasureAsync(Venue("kraken", kraken.BaseAddress), _client, CancellationToken.None);

        Assert.InRange(measured.UncertaintyMilliseconds, 1, 800);
        Assert.InRange(measured.OffsetMilliseconds, -measured.UncertaintyMilliseconds - 50, measured.UncertaintyMilliseconds + 50);
    }

    [Theory]
    [InlineData(500, "{\"serverTime\":1499827319559}", "/api/v3/time answered HTTP 500")]
    [InlineData(200, "<html>maintenance, secret-looking body</html>", "/api/v3/time answered something other than the documented server-time shape")]
    [InlineData(200, "{\"serverTime\":1}", "/api/v3/time answered something other than the documented server-time shape")]
    public async Task Bad_answers_fail_with_a_reason_and_never_the_body(int status, string body, string expected)
    {
        await using var upstream = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(body);
        });

        var ex = await Assert.ThrowsAsync<ClockProbeException>(() => ClockProbe.MeasureAsync(Venue("binance-hmac", upstream.BaseAddress), _client, CancellationToken.None));

        Assert.Equal(expected, ex.Message);
        Assert.DoesNotContain("secret-looking", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_upstream_fails_with_a_reason()
    {
        var ex = await Assert.ThrowsAsync<ClockProbeException>(() => ClockProbe.MeasureAsync(Venue("binance-hmac", new Uri("http://127.0.0.1:9")), _client, CancellationToken.None));

        Assert.StartsWith("/api/v3/time could not be reached", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_probe_asks_the_fixed_upstream_path_unsigned_and_identifies_itself()
    {
        var seen = new List<(string Target, string? Agent, bool Credentials)>();
        await using var upstream = await LoopbackServer.StartAsync(async context =>
        {
            var (path, query) = LoopbackServer.RawTarget(context);
            lock (seen)
            {
                seen.Add((path + (query.Length > 0 ? "?" + query : ""), context.Request.Headers.UserAgent.ToString(),
                    context.Request.Headers.ContainsKey("X-MBX-APIKEY") || context.Request.Headers.ContainsKey("Authorization")));
            }

            await context.Response.WriteAsync($"{{\"serverTime\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}}");
        });

        await ClockProbe.MeasureAsync(Venue("binance-hmac", new Uri(upstream.BaseAddress, "base/path"), "fapi.binance.com"), _client, CancellationToken.None);

        Assert.Equal(ClockProbe.DefaultSamples, seen.Count);
        Assert.All(seen, s => Assert.Equal(("/base/path/fapi/v1/time", SidecarBackground.ClockUserAgent, false), s));
    }

    [Fact]
    public async Task A_venue_without_a_time_endpoint_is_refused()
    {
        var ex = await Assert.ThrowsAsync<ClockProbeException>(() => ClockProbe.MeasureAsync(Venue("bitmex", new Uri("http://127.0.0.1:9")), _client, CancellationToken.None));

        Assert.Contains("uses the local clock", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private VenueDefinition Venue(string scheme, Uri upstream, string host = "api.exchange.test")
    {
        var pin = Path.Combine(_dir, "pin");
        File.WriteAllText(pin, "1234\n");
        var options = new SidecarOptions
        {
            Hsm = new HsmOptions { Module = "/etc/hostname", Token = "t", PinFile = pin },
            Venues = new Dictionary<string, VenueOptions>(StringComparer.Ordinal)
            {
                ["v"] = new VenueOptions { Scheme = scheme, Upstream = upstream.ToString(), Hosts = [host], ApiKey = "k", Key = "label", Passphrase = null },
            },
        };
        return Assert.Single(ConfigValidator.Validate(options).Venues);
    }
}
