using System.Text;
using Sidecar.Signing.Encoding;

namespace Sidecar.Tests.Signing;

public sealed class TimestampsTests
{
    [Theory]
    [InlineData(1607418537715, "2020-12-08T09:08:57.715Z")]
    [InlineData(1700000000000, "2023-11-14T22:13:20.000Z")]
    [InlineData(1700000000007, "2023-11-14T22:13:20.007Z")]
    public void Iso8601_with_milliseconds_as_OKX_wants(long unixMs, string expected)
    {
        Span<byte> buffer = stackalloc byte[40];
        var written = Timestamps.WriteIso8601Millis(unixMs, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..written]));
    }

    [Theory]
    [InlineData(1700000000123, "1700000000.123")]
    [InlineData(1700000000005, "1700000000.005")]
    public void Seconds_with_millisecond_decimals(long unixMs, string expected)
    {
        Span<byte> buffer = stackalloc byte[40];
        var written = Timestamps.WriteUnixSecondsWithMillis(unixMs, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..written]));
    }
}
