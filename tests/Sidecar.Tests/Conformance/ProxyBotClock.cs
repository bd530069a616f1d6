using System.Globalization;

namespace Sidecar.Tests.Conformance;

/// <summary>The clock as bots spell it in their own timestamps, nonces and expiries (invariant digits), for <see cref="ProxyBotCredentials"/> rows.</summary>
public static class ProxyBotClock
{
    public static string UnixSeconds(long plus = 0) => Invariant(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + plus);

    public static string UnixMilliseconds(long plus = 0) => Invariant(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + plus);

    public static string UnixMicroseconds(long plus = 0) => Invariant((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000) + plus);

    /// <summary>Now, in UTC, in the custom <paramref name="format"/>.</summary>
    public static string Utc(string format) => DateTimeOffset.UtcNow.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static long Parse(string digits) => long.Parse(digits, CultureInfo.InvariantCulture);
}
