namespace Sidecar.Signing.Binance;

/// <summary>
/// Binance's limits (binance-spot-api-docs rest-api.md "LIMITS", enums.md "Rate limiters"; the USD-M and COIN-M
/// "General Info" pages). Per IP: a request weight per minute, reported as <c>X-MBX-USED-WEIGHT-1M</c> on every
/// answer; per account: orders per 10 s and per day (spot) or per 10 s and per minute (futures), reported as
/// <c>X-MBX-ORDER-COUNT-*</c> on order answers. Windows are fixed: "a 1 MINUTE interval starts every minute", a
/// 10 SECOND one at 00, 10, 20 … s, a DAY one at 00:00 UTC. The wallet endpoints (<c>/sapi/</c>) have a limit of
/// their own (12,000 per minute per IP, <c>X-SAPI-USED-IP-WEIGHT-1M</c>). The current values are published in
/// <c>GET …/exchangeInfo</c> <c>rateLimits</c> and read from there; the documented ones below hold until then.
/// </summary>
internal static class BinanceRateLimits
{
    private const string Source = "Binance API docs: LIMITS, and exchangeInfo rateLimits";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public static readonly RateLimitSet Spot = Build(
        weight: RateLimit.Fixed("1m", RateCount.Weight, Minute, 6000).Except("/sapi/"),
        orders: [RateLimit.Fixed("10s", RateCount.Orders, TenSeconds, 100).Except("/sapi/"), RateLimit.Fixed("1d", RateCount.Orders, Day, 200_000).Except("/sapi/")],
        wallet: RateLimit.Fixed("sapi-1m", RateCount.Weight, Minute, 12_000).Only("/sapi/"),
        published: "/api/v3/exchangeInfo");

    public static readonly RateLimitSet UsdM = Build(
        weight: RateLimit.Fixed("1m", RateCount.Weight, Minute, 2400),
        orders: [RateLimit.Fixed("10s", RateCount.Orders, TenSeconds, 300), RateLimit.Fixed("1m", RateCount.Orders, Minute, 1200)],
        wallet: null,
        published: "/fapi/v1/exchangeInfo");

    public static readonly RateLimitSet CoinM = Build(
        weight: RateLimit.Fixed("1m", RateCount.Weight, Minute, 2400),
        orders: [RateLimit.Fixed("1m", RateCount.Orders, Minute, 1200)],
        wallet: null,
        published: "/dapi/v1/exchangeInfo");

    /// <summary>The family by host, as <see cref="BinanceTime.For"/> chooses it.</summary>
    public static RateLimitSet For(string exchangeHost)
    {
        var time = BinanceTime.For(exchangeHost);
        return ReferenceEquals(time, BinanceTime.UsdM) ? UsdM : ReferenceEquals(time, BinanceTime.CoinM) ? CoinM : Spot;
    }

    private static RateLimitSet Build(RateLimit weight, RateLimit[] orders, RateLimit? wallet, string published)
    {
        List<RateLimit> limits = [weight, .. orders];
        List<RateLimitHeader> headers = [new("X-MBX-USED-WEIGHT-1M", RateHeaderField.Used, weight)];
        foreach (var order in orders)
        {
            headers.Add(new("X-MBX-ORDER-COUNT-" + order.Window.ToUpperInvariant(), RateHeaderField.Used, order));
        }

        if (wallet is not null)
        {
            limits.Add(wallet);
            headers.Add(new("X-SAPI-USED-IP-WEIGHT-1M", RateHeaderField.Used, wallet));
        }

        return new RateLimitSet(limits, headers, new LimitsEndpoint(published, ParseRateLimits), Source);
    }

    /// <summary>
    /// Reads <c>rateLimits</c> from the start of an exchangeInfo answer: <c>{"rateLimitType":"REQUEST_WEIGHT",
    /// "interval":"MINUTE","intervalNum":1,"limit":6000}</c> becomes weight "1m" 6000; ORDERS are orders;
    /// RAW_REQUESTS are not governed.
    /// </summary>
    public static bool ParseRateLimits(ReadOnlySpan<byte> answerStart, List<PublishedLimit> limits)
    {
        var reader = new Utf8JsonReader(answerStart, isFinalBlock: false, default);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("rateLimits"u8))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.StartArray && ReadArray(ref reader, limits);
                }

                if (reader.CurrentDepth == 1 && reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    // Another top-level member's value (the symbols, possibly megabytes): not what is looked for.
                    if (!reader.TrySkip())
                    {
                        return false;
                    }
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }

    private static bool ReadArray(ref Utf8JsonReader reader, List<PublishedLimit> limits)
    {
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return true;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? type = null, interval = null;
            long number = 0, limit = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read())
                {
                    return false;
                }

                switch (name)
                {
                    case "rateLimitType" when reader.TokenType == JsonTokenType.String:
                        type = reader.GetString();
                        break;
                    case "interval" when reader.TokenType == JsonTokenType.String:
                        interval = reader.GetString();
                        break;
                    case "intervalNum" when reader.TokenType == JsonTokenType.Number:
                        number = reader.GetInt64();
                        break;
                    case "limit" when reader.TokenType == JsonTokenType.Number:
                        limit = reader.GetInt64();
                        break;
                    default:
                        if (!reader.TrySkip())
                        {
                            return false;
                        }

                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                return false;
            }

            var letter = interval switch { "SECOND" => "s", "MINUTE" => "m", "HOUR" => "h", "DAY" => "d", _ => null };
            var counts = type switch { "REQUEST_WEIGHT" => RateCount.Weight, "ORDERS" => RateCount.Orders, _ => (RateCount?)null };
            if (letter is not null && counts is { } kind && number > 0 && limit > 0)
            {
                limits.Add(new PublishedLimit(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{number}{letter}"), kind, limit));
            }
        }

        return false;
    }
}
