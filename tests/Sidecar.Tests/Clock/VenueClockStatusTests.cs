using System.Text;
using Sidecar.Clock;
using Sidecar.Configuration;
using Sidecar.Proxy;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Clock;

/// <summary>
/// A failed sync keeps the last good offset, on the signing path too, until it is older than
/// <c>Clock:MaxOffsetAgeSeconds</c>; then the venue is back on the local clock and its offset is unknown.
/// </summary>
public sealed class VenueClockStatusTests : IDisposable
{
    private static readonly DateTimeOffset Synced = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(600);

    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-clock-status-").FullName;

    [Theory]
    [InlineData(1, false)]
    [InlineData(600, false)]
    [InlineData(601, true)]
    [InlineData(3600, true)]
    public void A_failed_sync_keeps_the_offset_until_it_is_too_old(int secondsLater, bool dropped)
    {
        var status = NewStatus();
        status.Succeeded(new ClockMeasurement(-3000, 4, 8.5, 4), Synced);

        var expired = status.Failed("/api/v3/time answered HTTP 503", Synced.AddSeconds(secondsLater), MaxAge);

        var state = status.Read();
        Assert.Equal(dropped, expired);
        Assert.Equal(!dropped, state.Known);
        Assert.Equal(dropped ? 0 : -3000, status.Venue.Clock.OffsetMilliseconds);
        Assert.Equal("/api/v3/time answered HTTP 503", state.Problem);
        Assert.Equal(1, state.Failures);
    }

    [Fact]
    public void A_sync_after_failures_clears_the_problem_and_sets_the_new_offset()
    {
        var status = NewStatus();
        status.Failed("/api/v3/time could not be reached (ConnectionError)", Synced, MaxAge);

        status.Succeeded(new ClockMeasurement(120, 2, 3.0, 4), Synced.AddSeconds(60));

        var state = status.Read();
        Assert.True(state.Known);
        Assert.Null(state.Problem);
        Assert.Equal(120, status.Venue.Clock.OffsetMilliseconds);
        Assert.Equal(Synced.AddSeconds(60), state.LastSync);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private VenueClockStatus NewStatus()
    {
        var pin = Path.Combine(_dir, "pin");
        File.WriteAllText(pin, "1234\n");
        var options = new SidecarOptions
        {
            Hsm = new HsmOptions { Module = "/etc/hostname", Token = "t", PinFile = pin },
            Venues = new Dictionary<string, VenueOptions>(StringComparer.Ordinal)
            {
                ["binance"] = new VenueOptions { Scheme = "binance-hmac", Upstream = "https://api.binance.com", ApiKey = "k", Key = "label" },
            },
        };
        var definition = Assert.Single(ConfigValidator.Validate(options).Venues);
        var venue = new Venue(definition, new VenueCredentials("k", new ReferenceHmacKey(Encoding.ASCII.GetBytes("secret"))), TimeProvider.System);
        return new VenueClockStatus(venue, ClockProbe.EndpointFor(definition), null);
    }
}
