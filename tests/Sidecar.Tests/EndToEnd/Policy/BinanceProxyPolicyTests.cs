using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// Least privilege at the signing point, against the fake Binance: every refusal answers with the right status
/// and code, the exchange sees nothing, and the HSM is never called (signatures are counted). Sidecar and the
/// exchange share a <see cref="TestClock"/>: rate limits refill only when a test moves it on.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BinanceProxyPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private readonly TestClock _clock = new();
    private BinanceAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeBinance Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await BinanceAccount.CreateAsync(token, time: _clock);
        var guarded = SidecarUnderTest.Venue("binance-hmac", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.binance.com");
        guarded["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray("BTCUSDT", "ETHUSDT"),
            ["MaxOrderQuantity"] = 2,
            ["MaxOrderNotional"] = 50000,
            ["AllowedOrderTypes"] = new JsonArray("LIMIT"),
            ["Deny"] = new JsonArray("DELETE /api/v3/openOrders"),
        };
        var readOnly = SidecarUnderTest.Venue("binance-hmac", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "readonly.binance.test");
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        var slow = SidecarUnderTest.Venue("binance-hmac", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "slow.binance.test");
        // One token per 4 s of the test's clock, which stands still through the six requests below.
        slow["Policy"] = new JsonObject { ["RequestsPerSecond"] = 0.25, ["Burst"] = 3, ["OrdersPer10Seconds"] = 0 };
        var orders = SidecarUnderTest.Venue("binance-hmac", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "orders.binance.test");
        orders["Policy"] = new JsonObject { ["OrdersPer10Seconds"] = 2 };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["binance"] = guarded,
            ["readonly"] = readOnly,
            ["slow"] = slow,
            ["orders"] = orders,
        }), watchConfig: false, _clock);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    private const string Form = "application/x-www-form-urlencoded";
    private const string GoodOrder = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=20000";

    /// <summary>Method, target (sent byte-for-byte), content type, body, extra header, expected status, expected code.</summary>
    public static TheoryData<string, string, string?, string?, string?, int, string> BadInputs => new()
    {
        // Routing.
        { "GET", "/nope/api/v3/account", null, null, null, 404, "unknown_venue" },
        { "GET", "/", null, null, null, 404, "unknown_venue" },
        { "GET", "/Binance/api/v3/account", null, null, null, 404, "unknown_venue" },
        { "GET", "/https://api.evil.example/api/v3/account", null, null, null, 404, "unknown_venue" },
        { "GET", "/https%3A%2F%2Fapi.evil.example%2Fapi%2Fv3%2Faccount%3Fa%3D1", null, null, null, 404, "unknown_venue" },
        { "GET", "/http://api.binance.com/api/v3/account", null, null, null, 400, "bad_request" },
        { "GET", "/https://api.binance.com:8443/api/v3/account", null, null, null, 400, "bad_request" },
        { "GET", "/https://user@api.binance.com/api/v3/account", null, null, null, 400, "bad_request" },
        { "GET", "/https%3A%2F%2Fapi.binance.com%2Fapi%2Fv3%2Faccount%3Fa%3D1?b=2", null, null, null, 400, "bad_request" },
        { "GET", "/https%3A%2F%2Fapi.binance.com%2Fapi%2Fv3%2Faccount%3Fa%3D%G1", null, null, null, 400, "bad_request" },
        { "GET", "/https%3A%2F%2Fapi.binance.com%2Fapi%2Fv3%2Faccount%3Fa%3Db%20c", null, null, null, 400, "bad_request" },
        // Paths that could mean something else to the exchange.
        { "GET", "/binance/api/v3/../v3/account", null, null, null, 400, "bad_request" },
        { "GET", "/binance/api/v3/./account", null, null, null, 400, "bad_request" },
        { "GET", "/binance/api//v3/account", null, null, null, 400, "bad_request" },
        { "GET", "/binance/api/v3%2Faccount", null, null, null, 400, "bad_request" },
        { "GET", "/binance/api/v3%2faccount", null, null, null, 400, "bad_request" },
        { "GET", "/binance/api/v3/%2e%2e/account", null, null, null, 400, "bad_request" },
        { "GET", "/binance/api/v3/%2E/account", null, null, null, 400, "bad_request" },
        { "GET", "/binance/api/v3/account%252F", null, null, null, 400, "bad_request" },
        { "GET", "/binance/api/v3/account;jsessionid=1", null, null, null, 400, "bad_request" },
        { "GET", "/binance/api\\v3\\account", null, null, null, 400, "bad_request" },
        { "GET", "/binance/api/v3/account%7F", null, null, null, 400, "bad_request" },
        { "GET", "/binance/api/v3/account%1b", null, null, null, 400, "bad_request" },
        { "GET", "/binance/api/v3/account?symbol=BTC%0AUSDT", null, null, null, 400, "bad_request" },
        // Parameters read two ways.
        { "GET", "/binance/api/v3/openOrders?symbol=BTCUSDT&symbol=ETHUSDT", null, null, null, 400, "bad_request" },
        { "GET", "/binance/api/v3/openOrders?symbol=BTCUSDT&%73ymbol=ETHUSDT", null, null, null, 400, "bad_request" },
        { "POST", "/binance/api/v3/order", Form, GoodOrder + "&quantity=1", null, 400, "bad_request" },
        { "POST", "/binance/api/v3/order?symbol=ETHUSDT", Form, GoodOrder, null, 400, "bad_request" },
        { "POST", "/binance/api/v3/order", "application/json", "{\"symbol\":\"BTCUSDT\"}", null, 400, "bad_request" },
        { "POST", "/binance/api/v3/order", "application/json", "{\"symbol\":", null, 400, "bad_request" },
        { "POST", "/binance/api/v3/order", "text/plain", GoodOrder, null, 400, "bad_request" },
        { "POST", "/binance/api/v3/order", Form, "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=lots&price=1", null, 400, "bad_request" },
        // DNS rebinding: a browser page at evil.example resolving to 127.0.0.1.
        { "GET", "/binance/api/v3/account", null, null, "Host: evil.example:8080", 400, "bad_request" },
        { "GET", "/binance/api/v3/account", null, null, "Host: 127.0.0.1.nip.io", 400, "bad_request" },
        // Policy: withdrawals, transfers, sub-accounts, key management, unlisted endpoints.
        { "POST", "/binance/sapi/v1/capital/withdraw/apply", Form, "coin=BTC&address=x&amount=1", null, 403, "policy_denied" },
        { "GET", "/binance/sapi/v1/capital/withdraw/history", null, null, null, 403, "policy_denied" },
        { "POST", "/binance/sapi/v1/asset/transfer", Form, "type=MAIN_UMFUTURE&asset=USDT&amount=1", null, 403, "policy_denied" },
        { "POST", "/binance/sapi/v1/sub-account/virtualSubAccount", Form, "subAccountString=x", null, 403, "policy_denied" },
        { "POST", "/binance/sapi/v1/sub-account/subAccountApi/ipRestriction", Form, "email=x", null, 403, "policy_denied" },
        { "POST", "/binance/api/v3/somethingNew", Form, "a=1", null, 403, "policy_denied" },
        { "DELETE", "/binance/api/v3/openOrders?symbol=BTCUSDT", null, null, null, 403, "policy_denied" },
        { "POST", "/readonly/api/v3/order", Form, GoodOrder, null, 403, "policy_denied" },
        // Order guards.
        { "POST", "/binance/api/v3/order", Form, "symbol=DOGEUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1", null, 403, "policy_denied" },
        { "POST", "/binance/api/v3/order", Form, "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=3&price=1", null, 403, "policy_denied" },
        { "POST", "/binance/api/v3/order", Form, "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=60000", null, 403, "policy_denied" },
        { "POST", "/binance/api/v3/order", Form, "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1", null, 403, "policy_denied" },
        { "POST", "/binance/api/v3/order", Form, "side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1", null, 403, "policy_denied" },
        { "POST", "/binance/api/v3/order/oco", Form, "symbol=BTCUSDT&side=SELL&quantity=1&price=1&stopPrice=1", null, 403, "policy_denied" },
        // Size.
        { "POST", "/binance/api/v3/order", Form, GoodOrder + "&pad=" + new string('x', 70_000), null, 413, "request_too_large" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_refused_unsigned_and_unforwarded(string method, string target, string? contentType, string? body, string? header, int status, string code)
    {
        var host = header ?? "Host: 127.0.0.1";
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\n{host}\r\nConnection: close\r\n");
        if (body is not null)
        {
            head.Append($"Content-Type: {contentType}\r\nContent-Length: {Encoding.ASCII.GetByteCount(body)}\r\n");
        }

        var answer = await RawHttp.SendAsync(_sidecar.ProxyAddress, head.Append("\r\n").ToString(), body ?? "");

        Assert.StartsWith($"HTTP/1.1 {status} ", answer, StringComparison.Ordinal);
        Assert.Contains($"X-Sidecar-Error: {code}\r\n", answer, StringComparison.Ordinal);
        Assert.Contains($"\"code\":\"{code}\"", answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public void There_are_at_least_forty_distinct_bad_inputs() =>
        Assert.True(BadInputs.Select(row => string.Join('|', row)).Distinct().Count() >= 40);

    [Theory]
    [InlineData("/binance/sapi/v1/capital/withdraw/apply", 403)]
    [InlineData("/binance/SAPI/v1/capital/withdraw/apply", 403)]
    [InlineData("/binance/sapi/v1/capital/Withdraw/apply", 403)]
    [InlineData("/binance/sapi/v1/capital/withdraw/apply/", 403)]
    [InlineData("/binance/sapi/v1/capital/withdraw/apply%3B", 403)]
    [InlineData("/binance/sapi/v1/capital%2Fwithdraw/apply", 400)]
    [InlineData("/binance/sapi/v1/capital%2fwithdraw%2fapply", 400)]
    [InlineData("/binance/sapi/v1//capital/withdraw/apply", 400)]
    [InlineData("/binance/sapi/v1/./capital/withdraw/apply", 400)]
    [InlineData("/binance/sapi/v1/x/../capital/withdraw/apply", 400)]
    [InlineData("/binance/sapi/v1/capital/withdraw/apply;", 400)]
    [InlineData("/https://api.binance.com/sapi/v1/capital/withdraw/apply", 403)]
    [InlineData("/https%3A%2F%2Fapi.binance.com%2Fsapi%2Fv1%2Fcapital%2Fwithdraw%2Fapply%3Ftimestamp%3D1", 403)]
    public async Task Withdrawal_is_refused_in_every_spelling(string target, int status)
    {
        const string body = "coin=BTC&address=bc1qexample&amount=1";
        var answer = await RawHttp.SendAsync(_sidecar.ProxyAddress,
            $"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: {Form}\r\nContent-Length: {body.Length}\r\n\r\n", body);

        Assert.StartsWith($"HTTP/1.1 {status} ", answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task The_allowed_order_passes_signed()
    {
        using var response = await _sidecar.Client.PostAsync("/binance/api/v3/order", new StringContent(GoodOrder, Encoding.ASCII, Form));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(Exchange.Requests).Signature);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Fact]
    public async Task Read_only_profile_allows_reads()
    {
        using var response = await _sidecar.Client.GetAsync("/readonly/api/v3/openOrders?symbol=BTCUSDT");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(Exchange.Requests).Signature);
    }

    [Fact]
    public async Task A_denial_names_the_rule()
    {
        using var response = await _sidecar.Client.PostAsync("/binance/api/v3/order",
            new StringContent("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=60000", Encoding.ASCII, Form));

        await SidecarErrors.AssertAsync(response, 403, "policy_denied");
        Assert.Contains("MaxOrderNotional", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_burst_over_the_rate_limit_gets_429_with_Retry_After_then_recovers()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await _sidecar.Client.GetAsync("/slow/api/v3/account");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK)); // the burst
        Assert.NotNull(limited);
        await SidecarErrors.AssertAsync(limited, 429, "rate_limited");
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        Assert.Equal(3, Exchange.Requests.Count);

        _clock.Advance(limited.Headers.RetryAfter!.Delta!.Value);
        using var recovered = await _sidecar.Client.GetAsync("/slow/api/v3/account");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task Orders_per_10_seconds_are_capped()
    {
        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await _sidecar.Client.PostAsync("/orders/api/v3/order",
                new StringContent("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000", Encoding.ASCII, Form));
            statuses.Add((int)response.StatusCode);
        }

        using var read = await _sidecar.Client.GetAsync("/orders/api/v3/openOrders?symbol=BTCUSDT");

        Assert.Equal([200, 200, 429], statuses);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode); // reads are not orders
    }

    [Fact]
    public async Task The_exchanges_own_Retry_After_stops_signing_until_it_passes()
    {
        // A burst against the fake's own limits is not available, so a venue whose upstream answers 429 is simulated
        // by the exchange itself: Binance answers 429/418 with Retry-After when a key is over its weight.
        await using var throttling = await ThrottlingUpstream.StartAsync(retryAfterSeconds: 2);
        var venue = SidecarUnderTest.Venue("binance-hmac", throttling.BaseAddress, _account.ApiKey, _account.KeyLabel, "throttled.binance.test");
        await using var sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject { ["t"] = venue }));

        using var first = await sidecar.Client.GetAsync("/t/api/v3/account");
        using var second = await sidecar.Client.GetAsync("/t/api/v3/account");
        using var publicData = await sidecar.Client.GetAsync("/t/api/v3/time");

        Assert.Equal(429, (int)first.StatusCode);
        Assert.False(first.Headers.Contains("X-Sidecar-Error")); // the exchange's own answer, passed through
        await SidecarErrors.AssertAsync(second, 429, "rate_limited");
        Assert.Contains("Retry-After", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(200, (int)publicData.StatusCode); // unsigned requests still go
        Assert.Equal(2, throttling.Requests);
        Assert.Equal(1, sidecar.Signs);
    }
}
