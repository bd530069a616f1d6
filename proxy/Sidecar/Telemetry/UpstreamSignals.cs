using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.Json;

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

    /// <summary>The exchange's code when an error answer says the key or signature was rejected; null otherwise.</summary>
    public static string? AuthFailureCode(string scheme, int status, ReadOnlySpan<byte> body)
    {
        string? code = scheme switch
        {
            "binance-hmac" or "binance-ed25519" => JsonCode(body, "code") is "-1022" or "-2014" or "-2015" or "-2008" ? JsonCode(body, "code") : null,
            "bybit-v5" => JsonCode(body, "retCode") is "10003" or "10004" or "10005" or "10010" ? JsonCode(body, "retCode") : null,
            "okx-v5" => JsonCode(body, "code") is "50111" or "50113" or "50105" or "50110" ? JsonCode(body, "code") : null,
            "kraken" => KrakenError(body),
            "kucoin" => JsonCode(body, "code") is "400003" or "400004" or "400005" or "400006" ? JsonCode(body, "code") : null,
            _ => null,
        };

        return code ?? (status == 401 ? "401" : null);
    }

    private static string? KrakenError(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body);
        foreach (var known in (ReadOnlySpan<string>)["EAPI:Invalid signature", "EAPI:Invalid key", "EAPI:Invalid nonce"])
        {
            if (text.Contains(known, StringComparison.Ordinal))
            {
                return known;
            }
        }

        return null;
    }

    private static string? JsonCode(ReadOnlySpan<byte> body, string property)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(property) && reader.Read())
                {
                    return reader.TokenType switch
                    {
                        JsonTokenType.Number => reader.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : null,
                        JsonTokenType.String => reader.GetString(),
                        _ => null,
                    };
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: no code.
        }

        return null;
    }

    private static IEnumerable<Measurement<long>> ObserveUsage()
    {
        foreach (var ((venue, header), value) in Usage)
        {
            yield return new Measurement<long>(value, new KeyValuePair<string, object?>("venue", venue), new KeyValuePair<string, object?>("header", header));
        }
    }
}
