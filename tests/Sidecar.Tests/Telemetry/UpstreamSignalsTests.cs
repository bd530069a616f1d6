using System.Diagnostics.Metrics;
using Sidecar.Telemetry;

namespace Sidecar.Tests.Telemetry;

public sealed class UpstreamSignalsTests
{
    [Theory]
    [InlineData("x-mbx-used-weight-1m", true)]
    [InlineData("X-MBX-USED-WEIGHT-1M", true)]
    [InlineData("X-Bapi-Limit-Status", true)]
    [InlineData("x-ratelimit-remaining", true)]
    [InlineData("Date", false)]
    [InlineData("x-mbx-used-weight", false)]
    [InlineData("x-mbx-used-weight-1m-extra", false)]
    [InlineData("", false)]
    public void Recognises_usage_headers_in_any_case(string name, bool expected)
    {
        Assert.Equal(expected, UpstreamSignals.IsUsageHeader(name));
    }

    [Fact]
    public void Records_usage_under_the_lower_case_header_name_whatever_case_the_exchange_sent()
    {
        var venue = "signals-" + Guid.NewGuid().ToString("N");
        UpstreamSignals.RecordUsage(venue, "X-MBX-ORDER-COUNT-10S", "7");
        UpstreamSignals.RecordUsage(venue, "x-mbx-used-weight-1m", "not-a-number");
        UpstreamSignals.RecordUsage(venue, "Date", "12");

        var seen = new List<(string? Header, long Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SidecarTelemetry.Name && instrument.Name == "sidecar.upstream.ratelimit.usage")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? tagVenue = null, header = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "venue")
                {
                    tagVenue = tag.Value as string;
                }
                else if (tag.Key == "header")
                {
                    header = tag.Value as string;
                }
            }

            if (tagVenue == venue)
            {
                seen.Add((header, value));
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal([("x-mbx-order-count-10s", 7L)], seen);
    }
}
