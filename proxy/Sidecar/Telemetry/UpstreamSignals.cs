using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Sidecar.Telemetry;

/// <summary>
/// What exchange answers say about the key: authentication failures (the documented codes of each exchange) and
/// the exchange's own rate-limit usage headers, recorded as metrics.
/// </summary>
internal static class UpstreamSignals
{
    // Rate-limit usage headers exchanges send back, lower-case.
    private static readonly string[] UsageHeaders =
    [
        "x-mbx-used-weight-1m", "x-mbx-order-count-10s", "x-mbx-order-count-1d", "x-sapi-used-ip-weight-1m",
        "x-bapi-limit-status", "x-ratelimit-remaining", "gw-ratelimit-remaining",
    ];

    private static readonly ConcurrentDictionary<(string Venue, string Header), long> Usage = new();

    static UpstreamSignals()
    {
        SidecarTelemetry.Meter.CreateObservableGauge("sidecar.upstream.ratelimit.usage", ObserveUsage, "{unit}",
            "The exchange's own rate-limit usage headers, last value seen per venue");
    }

    // Called for every response header of every forwarded request: compares without lower-casing a copy.
    public static bool IsUsageHeader(string name) => UsageHeaderIndex(name) >= 0;

    public static void RecordUsage(string venue, string header, string value)
    {
        var index = UsageHeaderIndex(header);
        if (index >= 0 && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            Usage[(venue, UsageHeaders[index])] = number;
        }
    }

    private static int UsageHeaderIndex(string name)
    {
        for (var i = 0; i < UsageHeaders.Length; i++)
        {
            if (string.Equals(name, UsageHeaders[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The exchange's code when an error answer says the key or signature was rejected (the exchange's own list, in
    /// its folder), or "401" for any other HTTP 401; null otherwise.
    /// </summary>
    public static string? AuthFailureCode(Signing.Exchange exchange, int status, ReadOnlySpan<byte> body) =>
        exchange.AuthFailureCode(status, body) ?? (status == 401 ? "401" : null);

    private static IEnumerable<Measurement<long>> ObserveUsage()
    {
        foreach (var ((venue, header), value) in Usage)
        {
            yield return new Measurement<long>(value, new KeyValuePair<string, object?>("venue", venue), new KeyValuePair<string, object?>("header", header));
        }
    }
}
