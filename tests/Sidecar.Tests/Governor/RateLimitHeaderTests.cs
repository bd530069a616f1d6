using System.Globalization;
using Sidecar.Governor;

namespace Sidecar.Tests.Governor;

/// <summary>
/// Each exchange's rate-limit headers, as the exchange sends them, read into the budget they report: through the
/// same path as an answer Sidecar forwards (the response's raw headers, <see cref="RateLimitHeaders.TryRead"/>,
/// <see cref="WeightGovernor.Observe"/>). Times in values are written relative to the test clock: <c>{ms+400}</c>
/// is Unix milliseconds 400 ms from now, <c>{s+30}</c> Unix seconds 30 s from now.
/// </summary>
public sealed class RateLimitHeaderTests
{
    [Theory]
    // Binance: the IP's weight and the account's order counts, used amounts against published or documented limits.
    [InlineData("binance-hmac", "api.binance.com", "GET /api/v3/account", "X-MBX-USED-WEIGHT-1M: 1234", "1m", "weight", "*", 1234, 6000, 45)]
    [InlineData("binance-hmac", "api.binance.com", "GET /api/v3/account", "x-mbx-used-weight-1m: 7", "1m", "weight", "*", 20, 6000, 45)]
    [InlineData("binance-hmac", "api.binance.com", "POST /api/v3/order symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1", "X-MBX-ORDER-COUNT-10S: 7", "10s", "orders", "*", 7, 100, 5)]
    [InlineData("binance-hmac", "api.binance.com", "POST /api/v3/order symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1", "X-MBX-ORDER-COUNT-1D: 4000", "1d", "orders", "*", 4000, 200000, -1)]
    [InlineData("binance-hmac", "api.binance.com", "GET /sapi/v1/account/apiRestrictions", "X-SAPI-USED-IP-WEIGHT-1M: 31", "sapi-1m", "weight", "*", 31, 12000, 45)]
    [InlineData("binance-hmac", "fapi.binance.com", "POST /fapi/v1/order symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1", "X-MBX-ORDER-COUNT-1M: 12", "1m", "orders", "*", 12, 1200, 45)]
    [InlineData("binance-hmac", "fapi.binance.com", "GET /fapi/v2/account", "X-MBX-USED-WEIGHT-1M: 99", "1m", "weight", "*", 99, 2400, 45)]
    // Bybit: the endpoint's own limit, remaining, and reset time in Unix ms.
    [InlineData("bybit-v5", "api.bybit.com", "GET /v5/order/realtime", "X-Bapi-Limit-Status: 3|X-Bapi-Limit: 20|X-Bapi-Limit-Reset-Timestamp: {ms+400}", "1s", "requests", "GET /v5/order/realtime", 17, 20, 0.4)]
    // Gate: the endpoint's remaining and limit; the reset time is "now" unless exceeded, and then says nothing.
    [InlineData("gate-v4", "api.gateio.ws", "GET /api/v4/spot/accounts", "X-Gate-RateLimit-Requests-Remain: 140|X-Gate-RateLimit-Limit: 150|X-Gate-RateLimit-Reset-Timestamp: {ms+0}", "10s", "requests", "GET /api/v4/spot/**", 10, 150, 5)]
    [InlineData("gate-v4", "api.gateio.ws", "POST /api/v4/spot/orders", "X-Gate-RateLimit-Requests-Remain: 0|X-Gate-RateLimit-Limit: 10|X-Gate-RateLimit-Reset-Timestamp: {ms+700}", "1s", "requests", "POST /api/v4/spot/orders", 10, 10, 0.7)]
    // KuCoin: the resource pool the request drew from, with milliseconds to its reset.
    [InlineData("kucoin", "api.kucoin.com", "GET /api/v1/hf/orders/active", "gw-ratelimit-limit: 4000|gw-ratelimit-remaining: 3990|gw-ratelimit-reset: 20000", "spot-30s", "weight", "*", 10, 4000, 20)]
    [InlineData("kucoin", "api.kucoin.com", "GET /api/v1/accounts", "gw-ratelimit-limit: 2000|gw-ratelimit-remaining: 1500|gw-ratelimit-reset: 1000", "management-30s", "weight", "*", 500, 2000, 1)]
    // BitMEX: the minute's limit and remaining with a reset in Unix seconds; the order endpoints' per-second remaining.
    [InlineData("bitmex", "www.bitmex.com", "GET /api/v1/position", "x-ratelimit-limit: 120|x-ratelimit-remaining: 100|x-ratelimit-reset: {s+30}", "1m", "requests", "*", 20, 120, 30)]
    [InlineData("bitmex", "www.bitmex.com", "POST /api/v1/order", "x-ratelimit-remaining-1s: 8", "1s", "requests", "*", 2, 10, -1)]
    public void A_rate_limit_header_sets_the_budget_it_reports(string scheme, string host, string request, string headers,
        string window, string counts, string endpoint, double used, long limit, double resetsInSeconds)
    {
        var test = new GovernorUnderTest(scheme, host);
        var now = test.Governor.NowMs;
        Assert.Null(test.Admit(request, out var admission));

        using var answer = new HttpResponseMessage();
        foreach (var header in headers.Split('|'))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            answer.Headers.TryAddWithoutValidation(header[..colon], Relative(header[(colon + 1)..].Trim(), now));
        }

        Span<long> values = stackalloc long[GovernorDefaults.MaxHeaders];
        values.Fill(-1);
        foreach (var header in answer.Headers.NonValidated)
        {
            Assert.True(RateLimitHeaders.TryRead(test.Governor.Limits, header.Key, header.Value, values), $"{header.Key} is not one of {scheme}'s headers");
        }

        test.Governor.Observe(admission, values);

        var budget = test.Budget(window, counts, endpoint);
        Assert.Equal(used, budget.Used, 3);
        Assert.Equal(limit, budget.Limit);
        if (resetsInSeconds >= 0)
        {
            Assert.Equal(resetsInSeconds, budget.ResetsIn.TotalSeconds, 3);
        }
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData(" 42 ", 42)]
    [InlineData("42.0", 42)]
    [InlineData("-1", -1)]
    [InlineData("4e3", -1)]
    [InlineData("", -1)]
    public void Header_values_are_non_negative_integers(string text, long expected)
    {
        Assert.Equal(expected, RateLimitHeaders.TryParse(text, out var value) ? value : -1);
    }

    private static string Relative(string value, long nowMs)
    {
        if (!value.StartsWith('{'))
        {
            return value;
        }

        var seconds = value.StartsWith("{s+", StringComparison.Ordinal);
        var offset = long.Parse(value[(seconds ? 3 : 4)..^1], CultureInfo.InvariantCulture);
        return (seconds ? (nowMs / 1000) + offset : nowMs + offset).ToString(CultureInfo.InvariantCulture);
    }
}
