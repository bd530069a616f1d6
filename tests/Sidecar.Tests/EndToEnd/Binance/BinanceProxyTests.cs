using System.Net;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Binance;

/// <summary>
/// The real proxy (Kestrel on loopback) in front of the fake Binance, which verifies every signature with its own
/// code from Binance's docs. Bots send requests unsigned, or with placeholder credentials.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BinanceProxyTests(SoftHsmToken token) : ProxyVenueTests<BinanceAccount>(token, BinanceProxyCases.Row)
{
    private FakeBinance Exchange => Account.Exchange;

    [Fact]
    public async Task Unsigned_account_query_is_signed_and_accepted()
    {
        using var response = await Proxy.Client.GetAsync("/binance/api/v3/account?omitZeroBalances=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(Account.ApiKey, seen.ApiKeyHeader);
        Assert.StartsWith("omitZeroBalances=true&timestamp=", seen.RawQuery, StringComparison.Ordinal);
        Assert.Contains("balances", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_limit_order_in_a_form_body_is_signed_and_accepted()
    {
        using var response = await Proxy.Client.PostAsync("/binance/api/v3/order", Form("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000&newClientOrderId=bot-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("", seen.RawQuery);
        Assert.StartsWith("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000&newClientOrderId=bot-1&timestamp=", seen.Body, StringComparison.Ordinal);
        using var order = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bot-1", order.RootElement.GetProperty("clientOrderId").GetString());
    }

    [Fact]
    public async Task ListenKey_gets_the_api_key_and_no_signature()
    {
        using var response = await Proxy.Client.PostAsync("/binance-usdm/fapi/v1/listenKey", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.NotRequired, seen.Signature);
        Assert.Equal(Account.ApiKey, seen.ApiKeyHeader);
        Assert.Equal("", seen.RawQuery);
    }

    [Fact]
    public async Task Exchange_errors_reach_the_bot_unchanged()
    {
        // A timestamp far in the past: Sidecar keeps the bot's timestamp, Binance answers -1021.
        using var response = await Proxy.Client.GetAsync("/binance/api/v3/account?timestamp=1499827319559");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Sidecar-Error"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(-1021, body.RootElement.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("GET", "/kraken/0/private/Balance", null, 404, "unknown_venue")]
    [InlineData("GET", "/https://api.evil.example/api/v3/account", null, 404, "unknown_venue")]
    [InlineData("GET", "/", null, 404, "unknown_venue")]
    [InlineData("GET", "/binance/api/v3%2Faccount", null, 400, "bad_request")]
    [InlineData("GET", "/binance//api/v3/account", null, 400, "bad_request")]
    [InlineData("GET", "/http://api.binance.com/api/v3/account", null, 400, "bad_request")]
    [InlineData("GET", "/binance/api/v3/exchangeInfo?symbol=BTCUSDT&signature=abc", null, 400, "bad_request")]
    public async Task Refused_requests_get_a_json_error_and_nothing_is_forwarded(string method, string target, string? json, int status, string code)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), target);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Proxy.Client.SendAsync(request);

        await SidecarErrors.AssertAsync(response, status, code);
        Assert.Empty(Exchange.Requests);
    }

    [Fact]
    public async Task Oversized_body_is_refused_and_nothing_is_forwarded()
    {
        var body = "symbol=BTCUSDT&pad=" + new string('x', 70 * 1024);

        using var response = await Proxy.Client.PostAsync("/binance/api/v3/order", Form(body));

        await SidecarErrors.AssertAsync(response, 413, "request_too_large");
        Assert.Empty(Exchange.Requests);
    }

    [Theory]
    [InlineData("/binance/api/v3/../../sapi/v1/capital/withdraw/apply")]
    [InlineData("/binance/api/v3/./account")]
    [InlineData("/binance/api/v3/account/..")]
    [InlineData("/binance/api/v3/%2e%2e/account")]
    public async Task Targets_HttpClient_would_normalise_are_refused_as_sent(string target)
    {
        var answer = await RawHttp.GetAsync(Proxy.ProxyAddress, target);

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("X-Sidecar-Error: bad_request", answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
    }

    [Theory]
    [InlineData("GET http://api.binance.com/api/v3/account HTTP/1.1")]
    [InlineData("CONNECT api.binance.com:443 HTTP/1.1")]
    [InlineData("OPTIONS * HTTP/1.1")]
    public async Task Forward_proxy_request_forms_are_refused(string requestLine)
    {
        // Kestrel itself rejects some of these before Sidecar's handler runs; either way: 400, nothing forwarded.
        var answer = await RawHttp.SendAsync(Proxy.ProxyAddress, requestLine + "\r\nHost: api.binance.com\r\nConnection: close\r\n\r\n");

        Assert.Matches("^HTTP/1.1 40[04]", answer);
        Assert.Empty(Exchange.Requests);
    }

    [Fact]
    public async Task Readiness_reports_the_token_and_every_venue()
    {
        using var ready = await Proxy.Admin.GetAsync("/readyz");
        using var healthy = await Proxy.Admin.GetAsync("/healthz");
        using var notProxied = await Proxy.Admin.GetAsync("/binance/api/v3/account");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notProxied.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, body.RootElement.GetProperty("venues").GetArrayLength());
        Assert.Empty(Exchange.Requests);
    }

    private static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");
}
