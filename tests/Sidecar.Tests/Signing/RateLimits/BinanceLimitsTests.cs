using Sidecar.Signing;
using Sidecar.Signing.Binance;
using Sidecar.Signing.Policy;
using Sidecar.Signing.RateLimits;

namespace Sidecar.Tests.Signing.RateLimits;

/// <summary>Binance's weights and published limits as Sidecar reads them, against Binance's docs.</summary>
public sealed class BinanceLimitsTests
{
    [Theory]
    [InlineData("GET", "/api/v3/account", "", 20)]
    [InlineData("GET", "/api/v3/order", "symbol=BTCUSDT&orderId=1", 4)]
    [InlineData("GET", "/api/v3/openOrders", "symbol=BTCUSDT", 6)]
    [InlineData("GET", "/api/v3/openOrders", "", 80)]
    [InlineData("GET", "/api/v3/allOrders", "symbol=BTCUSDT", 20)]
    [InlineData("GET", "/api/v3/exchangeInfo", "", 20)]
    [InlineData("GET", "/api/v3/depth", "symbol=BTCUSDT", 5)]
    [InlineData("GET", "/api/v3/depth", "symbol=BTCUSDT&limit=500", 25)]
    [InlineData("GET", "/api/v3/depth", "symbol=BTCUSDT&limit=5000", 250)]
    [InlineData("GET", "/api/v3/depth", "symbol=BTCUSDT&limit=x", 250)]
    [InlineData("GET", "/api/v3/myTrades", "symbol=BTCUSDT&orderId=7", 5)]
    [InlineData("POST", "/api/v3/order", "", 1)]
    [InlineData("POST", "/api/v3/order/test", "computeCommissionRates=true", 20)]
    [InlineData("DELETE", "/api/v3/order", "", 1)]
    [InlineData("GET", "/fapi/v2/account", "", 5)]
    [InlineData("GET", "/fapi/v1/openOrders", "", 40)]
    [InlineData("POST", "/fapi/v1/order", "", 0)]
    [InlineData("GET", "/fapi/v1/depth", "symbol=BTCUSDT&limit=1000", 20)]
    public void Each_endpoint_weighs_what_Binance_documents(string method, string path, string query, int weight)
    {
        var endpoint = BinanceEndpoints.Table.Find(method, System.Text.Encoding.ASCII.GetBytes(path));

        Assert.Equal(weight, endpoint.Weight.Of(System.Text.Encoding.ASCII.GetBytes(query), []));
    }

    [Theory]
    [InlineData("DELETE /api/v3/order", true)]
    [InlineData("DELETE /api/v3/openOrders", true)]
    [InlineData("DELETE /api/v3/orderList", true)]
    [InlineData("DELETE /fapi/v1/allOpenOrders", true)]
    [InlineData("POST /fapi/v1/countdownCancelAll", true)]
    [InlineData("POST /api/v3/order/cancelReplace", false)] // its new order is not separable from its cancel
    [InlineData("POST /api/v3/order", false)]
    public void Cancels_are_their_own_rows(string request, bool cancels)
    {
        var space = request.IndexOf(' ', StringComparison.Ordinal);
        var endpoint = BinanceEndpoints.Table.Find(request[..space], System.Text.Encoding.ASCII.GetBytes(request[(space + 1)..]));

        Assert.Equal(cancels, endpoint.Cancels);
        Assert.Equal(EndpointCategory.Trade, endpoint.Category);
    }

    [Fact]
    public void The_rate_limits_of_exchangeInfo_are_read_from_the_start_of_the_answer()
    {
        // rest-api.md "Exchange information" example, with a symbol list before the limits as a worst case.
        var answer = """
            {"timezone":"UTC","serverTime":1565246363776,"symbols":[{"symbol":"ETHBTC","filters":[{"filterType":"PRICE_FILTER"}]}],
             "rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000},
                           {"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":100},
                           {"rateLimitType":"ORDERS","interval":"DAY","intervalNum":1,"limit":200000},
                           {"rateLimitType":"RAW_REQUESTS","interval":"MINUTE","intervalNum":5,"limit":61000}],
             "exchangeFilters":[]
            """u8; // the answer is cut here: the rest is not read
        var limits = new List<PublishedLimit>();

        Assert.True(BinanceRateLimits.ParseRateLimits(answer, limits));

        Assert.Equal([new("1m", RateCount.Weight, 6000), new("10s", RateCount.Orders, 100), new("1d", RateCount.Orders, 200_000)], limits);
    }

    [Theory]
    [InlineData("""{"timezone":"UTC","rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"li""")]
    [InlineData("""{"timezone":"UTC","symbols":[]}""")]
    [InlineData("""{"code":-1003,"msg":"Too many requests"}""")]
    [InlineData("not json")]
    public void An_answer_without_whole_rate_limits_is_not_read(string answer)
    {
        Assert.False(BinanceRateLimits.ParseRateLimits(System.Text.Encoding.UTF8.GetBytes(answer), []));
    }

    [Theory]
    [InlineData("api.binance.com", "/api/v3/exchangeInfo", 6000)]
    [InlineData("fapi.binance.com", "/fapi/v1/exchangeInfo", 2400)]
    [InlineData("dapi.binance.com", "/dapi/v1/exchangeInfo", 2400)]
    public void Each_family_has_its_own_limits_and_publishes_them(string host, string published, long weightPerMinute)
    {
        Assert.True(SigningSchemes.TryGet("binance-hmac", out var scheme));
        var set = scheme.Exchange.RateLimits(host);

        Assert.Equal(published, set.Published?.Path);
        Assert.Equal(weightPerMinute, Assert.Single(set.Limits, l => l.Window == "1m" && l.Counts == RateCount.Weight).Limit);
    }

    [Fact]
    public void Every_exchange_says_what_its_limits_are_and_marks_its_cancels()
    {
        foreach (var exchange in Exchanges.All)
        {
            var set = exchange.RateLimits(exchange.SampleOrder.Host);
            Assert.True(set.Limits.Count > 0, $"{exchange.Name} has no rate limits");
            Assert.True(set.Headers.Count <= Sidecar.Governor.GovernorDefaults.MaxHeaders, exchange.Name);
            Assert.False(string.IsNullOrEmpty(set.Source), $"{exchange.Name} names no source for its limits");
            Assert.Contains(exchange.Endpoints.Rows, row => row.Cancels);
            foreach (var row in exchange.Endpoints.Rows)
            {
                Assert.True(!row.Cancels || row.Category == EndpointCategory.Trade && row.Orders is null, $"{exchange.Name} {row}: a cancel places no order");
            }
        }
    }
}
