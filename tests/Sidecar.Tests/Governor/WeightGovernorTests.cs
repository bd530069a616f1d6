using Sidecar.Signing.RateLimits;

namespace Sidecar.Tests.Governor;

/// <summary>
/// The governor on its own, on a test clock 15 s into a minute: what it holds, for how long, what it never holds,
/// and how it takes the exchange's published limits and answers.
/// </summary>
public sealed class WeightGovernorTests
{
    [Fact]
    public void A_request_that_would_pass_the_limit_less_the_reserve_is_held_until_the_exchanges_minute_ends()
    {
        var test = Spot(limit: 100);

        for (var i = 0; i < 4; i++)
        {
            Assert.Null(test.Admit("GET /api/v3/account")); // 20 each: 80 of 100
        }

        var held = test.Admit("GET /api/v3/account"); // 100 > 95 (5 % reserve)

        Assert.NotNull(held);
        Assert.Equal("exchange weight 1m", held.Value.Rule);
        Assert.Equal(TimeSpan.FromSeconds(45), held.Value.RetryAfter);
        Assert.Equal(80, test.Budget("1m", "weight").Used);
        Assert.Null(test.Admit("GET /api/v3/ticker/price?symbol=BTCUSDT")); // 2 more still fits under 95

        test.Clock.Advance(TimeSpan.FromSeconds(45));
        Assert.Null(test.Admit("GET /api/v3/account"));
        Assert.Equal(20, test.Budget("1m", "weight").Used);
    }

    [Fact]
    public void The_window_follows_the_exchanges_clock()
    {
        var test = Spot(limit: 40);
        test.ExchangeClock.Set(10_000); // the exchange is 10 s ahead: its minute ends 35 s from now

        Assert.Null(test.Admit("GET /api/v3/account"));
        var held = test.Admit("GET /api/v3/account");

        Assert.Equal(TimeSpan.FromSeconds(35), held?.RetryAfter);
    }

    [Fact]
    public void Cancels_are_never_held_and_still_count()
    {
        var test = Spot(limit: 40);
        Assert.Null(test.Admit("GET /api/v3/account"));
        Assert.NotNull(test.Admit("GET /api/v3/account"));

        Assert.Null(test.Admit("DELETE /api/v3/order?symbol=BTCUSDT&orderId=1"));
        Assert.Null(test.Admit("DELETE /api/v3/openOrders?symbol=BTCUSDT"));

        Assert.Equal(22, test.Budget("1m", "weight").Used);
        Assert.NotNull(test.Admit("GET /api/v3/account")); // 42 > 38: anything else is still held
    }

    [Fact]
    public void With_ExchangeLimits_off_nothing_is_held_and_everything_counts()
    {
        var test = Spot(limit: 40);
        test.Governor.Enforce = false;

        for (var i = 0; i < 5; i++)
        {
            Assert.Null(test.Admit("GET /api/v3/account"));
        }

        Assert.Equal(100, test.Budget("1m", "weight").Used);
    }

    [Fact]
    public void An_answer_sent_in_an_earlier_window_does_not_count_in_the_new_one()
    {
        var test = Spot(limit: 6000);
        Assert.Null(test.Admit("GET /api/v3/account", out var admission));
        test.Clock.Advance(TimeSpan.FromSeconds(46)); // the answer arrives in the next minute

        test.Governor.Observe(admission, Used(test, 5000));

        Assert.Equal(0, test.Budget("1m", "weight").Used);
    }

    [Fact]
    public void Another_clients_weight_reported_by_the_exchange_is_counted()
    {
        var test = Spot(limit: 6000);
        Assert.Null(test.Admit("GET /api/v3/account", out var admission));

        test.Governor.Observe(admission, Used(test, 5700)); // the IP's total: other bots behind the same address

        Assert.Equal(5700, test.Budget("1m", "weight").Used);
        Assert.NotNull(test.Admit("GET /api/v3/ticker/price?symbol=BTCUSDT")); // 5702 > 5700
    }

    [Fact]
    public void A_decaying_counter_holds_until_enough_has_decayed()
    {
        var test = new GovernorUnderTest("kraken", "api.kraken.com");
        for (var i = 0; i < 14; i++)
        {
            Assert.Null(test.Admit("POST /0/private/Balance nonce=1"));
        }

        var held = test.Admit("POST /0/private/Balance nonce=1"); // 15 > 15 × 0.95

        Assert.Equal("exchange weight counter", held?.Rule);
        Assert.Equal((15 - 14.25) / 0.33, held!.Value.RetryAfter.TotalSeconds, 3);
        Assert.Null(test.Admit("POST /0/private/AddOrder nonce=1&ordertype=limit&type=buy&volume=1&pair=XBTUSD&price=1")); // the trading counter
        test.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Null(test.Admit("POST /0/private/Balance nonce=1"));
    }

    [Fact]
    public void Per_endpoint_limits_are_counted_per_endpoint()
    {
        var test = new GovernorUnderTest("okx-v5", "www.okx.com");
        for (var i = 0; i < 9; i++)
        {
            Assert.Null(test.Admit("GET /api/v5/account/balance"));
        }

        Assert.Equal("exchange requests 2s GET /api/v5/account/**", test.Admit("GET /api/v5/account/balance")?.Rule); // 10 per 2 s
        Assert.Null(test.Admit("GET /api/v5/market/ticker?instId=BTC-USDT")); // another endpoint's own 20
        Assert.Equal(TimeSpan.FromSeconds(1), test.Admit("GET /api/v5/account/balance")?.RetryAfter); // 2 s windows: 15 s is odd
    }

    [Fact]
    public void The_exchanges_published_limits_replace_the_documented_ones_of_the_same_window()
    {
        var test = new GovernorUnderTest("binance-hmac", "api.binance.com");

        var taken = test.Governor.Publish([new("1m", RateCount.Weight, 1200), new("10s", RateCount.Orders, 50), new("5m", RateCount.Weight, 1)]);

        Assert.Equal(2, taken);
        Assert.Equal(1200, test.Budget("1m", "weight").Limit);
        Assert.Equal(50, test.Budget("10s", "orders").Limit);
        Assert.Equal(12_000, test.Budget("sapi-1m", "weight").Limit);
    }

    [Fact]
    public void Orders_count_against_the_order_windows_and_their_weight_against_the_weight_window()
    {
        var test = new GovernorUnderTest("binance-hmac", "fapi.binance.com");

        Assert.Null(test.Admit("POST /fapi/v1/order symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1"));

        Assert.Equal(0, test.Budget("1m", "weight").Used); // USD-M orders weigh 0 on the IP limit
        Assert.Equal(1, test.Budget("1m", "orders").Used);
        Assert.Equal(1, test.Budget("10s", "orders").Used);
    }

    private static GovernorUnderTest Spot(long limit)
    {
        var test = new GovernorUnderTest("binance-hmac", "api.binance.com");
        test.Governor.Publish([new("1m", RateCount.Weight, limit)]);
        return test;
    }

    private static long[] Used(GovernorUnderTest test, long used)
    {
        var values = new long[test.Governor.Limits.Headers.Count];
        Array.Fill(values, -1);
        values[test.Governor.Limits.HeaderIndex("X-MBX-USED-WEIGHT-1M")] = used;
        return values;
    }
}
