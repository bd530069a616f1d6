using System.Text;
using Sidecar.Signing;

namespace Sidecar.Tests.Signing.Clock;

/// <summary>
/// Each scheme's public time endpoint and its parser, against the sample answers in the exchanges' docs, and
/// against error answers and malformed bodies, which must never produce a time.
/// </summary>
public sealed class ServerTimeEndpointTests
{
    [Theory]
    [InlineData("binance-hmac", "api.binance.com", "/api/v3/time")]
    [InlineData("binance-ed25519", "api.binance.com", "/api/v3/time")]
    [InlineData("binance-hmac", "testnet.binance.vision", "/api/v3/time")]
    [InlineData("binance-hmac", "fapi.binance.com", "/fapi/v1/time")]
    [InlineData("binance-hmac", "testnet.binancefuture.com", "/fapi/v1/time")]
    [InlineData("binance-hmac", "dapi.binance.com", "/dapi/v1/time")]
    [InlineData("bybit-v5", "api.bybit.com", "/v5/market/time")]
    [InlineData("okx-v5", "www.okx.com", "/api/v5/public/time")]
    [InlineData("kraken", "api.kraken.com", "/0/public/Time")]
    [InlineData("coinbase-advanced", "api.coinbase.com", "/api/v3/brokerage/time")]
    [InlineData("coinbase-exchange", "api.exchange.coinbase.com", "/time")]
    [InlineData("kucoin", "api.kucoin.com", "/api/v1/timestamp")]
    [InlineData("gate-v4", "api.gateio.ws", "/api/v4/spot/time")]
    [InlineData("deribit", "www.deribit.com", "/api/v2/public/get_time")]
    public void Each_exchange_names_its_documented_time_endpoint(string scheme, string host, string path)
    {
        var endpoint = Scheme(scheme).Exchange.ServerTime(host);

        Assert.NotNull(endpoint);
        Assert.Equal(path, endpoint.Path);
    }

    [Theory]
    [InlineData("bitfinex-v2")]
    [InlineData("bitmex")]
    public void Exchanges_without_a_time_endpoint_have_none(string scheme) =>
        Assert.Null(Scheme(scheme).Exchange.ServerTime("api.example.com"));

    [Theory]
    [InlineData("binance-hmac", """{"serverTime": 1499827319559}""", 1499827319559, 1)]
    [InlineData("bybit-v5", """{"retCode":0,"retMsg":"OK","result":{"timeSecond":"1688639403","timeNano":"1688639403423213947"},"retExtInfo":{},"time":1688639403423}""", 1688639403423, 1)]
    [InlineData("okx-v5", """{"code":"0","msg":"","data":[{"ts":"1597026383085"}]}""", 1597026383085, 1)]
    [InlineData("kraken", """{"error":[],"result":{"unixtime":1688669448,"rfc1123":"Thu, 06 Jul 23 18:50:48 +0000"}}""", 1688669448000, 1000)]
    [InlineData("coinbase-advanced", """{"iso":"2023-05-31T18:17:56.123Z","epochSeconds":"1685557076","epochMillis":"1685557076123"}""", 1685557076123, 1)]
    [InlineData("coinbase-exchange", """{"iso":"2015-01-07T23:47:25.201Z","epoch":1420674445.201}""", 1420674445201, 1)]
    [InlineData("kucoin", """{"code":"200000","data":1546837113087}""", 1546837113087, 1)]
    [InlineData("gate-v4", """{"server_time":1597026383085}""", 1597026383085, 1)]
    [InlineData("deribit", """{"jsonrpc":"2.0","id":7365,"result":1550147385946}""", 1550147385946, 1)]
    [InlineData("deribit", """{"jsonrpc":"2.0","result":1550147385946,"usIn":1550147385946123,"usOut":1550147385946200,"usDiff":77,"testnet":false}""", 1550147385946, 1)]
    public void Documented_answers_parse_to_unix_milliseconds(string scheme, string body, long expected, long resolution)
    {
        var endpoint = Scheme(scheme).Exchange.ServerTime("api.example.com")!;

        Assert.True(endpoint.TryParse(Encoding.UTF8.GetBytes(body), out var time));
        Assert.Equal(expected, time);
        Assert.Equal(resolution, endpoint.ResolutionMilliseconds);
    }

    [Theory]
    // Not JSON, truncated, empty, or a JSON value of the wrong kind.
    [InlineData("binance-hmac", "")]
    [InlineData("binance-hmac", "<html>502 Bad Gateway</html>")]
    [InlineData("binance-hmac", """{"serverTime": 1499827319559""")]
    [InlineData("binance-hmac", """{"serverTime": 1499827319559}}""")]
    [InlineData("binance-hmac", """{"serverTime": "1499827319559"}""")]
    [InlineData("binance-hmac", """{"serverTime": 1499827319559.5}""")]
    [InlineData("binance-hmac", """{"servertime": 1499827319559}""")]
    [InlineData("binance-hmac", """[{"serverTime": 1499827319559}]""")]
    [InlineData("binance-hmac", """{"code":-1003,"msg":"Too many requests."}""")]
    // Implausible clocks: a placeholder, seconds where milliseconds belong, microseconds.
    [InlineData("binance-hmac", """{"serverTime": 1}""")]
    [InlineData("binance-hmac", """{"serverTime": 1499827319}""")]
    [InlineData("binance-hmac", """{"serverTime": 1499827319559000}""")]
    [InlineData("bybit-v5", """{"retCode":10002,"retMsg":"error","result":{"timeSecond":"1688639403","timeNano":"1688639403423213947"}}""")]
    [InlineData("bybit-v5", """{"retCode":0,"retMsg":"OK","result":{"timeSecond":"1688639403","timeNano":"-1688639403423213947"}}""")]
    [InlineData("bybit-v5", """{"retCode":0,"retMsg":"OK","result":{}}""")]
    [InlineData("okx-v5", """{"code":"50011","msg":"Too Many Requests","data":[]}""")]
    [InlineData("okx-v5", """{"code":"0","msg":"","data":[]}""")]
    [InlineData("okx-v5", """{"code":"0","msg":"","data":[{"ts":"15970263830x5"}]}""")]
    [InlineData("okx-v5", """{"code":0,"msg":"","data":[{"ts":"1597026383085"}]}""")]
    [InlineData("kraken", """{"error":["EGeneral:Temporary lockout"]}""")]
    [InlineData("kraken", """{"error":["EService:Unavailable"],"result":{"unixtime":1688669448}}""")]
    [InlineData("kraken", """{"error":[],"result":{"unixtime":"1688669448"}}""")]
    [InlineData("coinbase-advanced", """{"iso":"2023-05-31T18:17:56.123Z","epochSeconds":"1685557076"}""")]
    [InlineData("coinbase-advanced", """{"epochMillis":"1685557076123 "}""")]
    [InlineData("coinbase-exchange", """{"iso":"2015-01-07T23:47:25.201Z","epoch":"1420674445.201"}""")]
    [InlineData("coinbase-exchange", """{"message":"NotFound"}""")]
    [InlineData("kucoin", """{"code":"400100","msg":"error"}""")]
    [InlineData("kucoin", """{"code":"200000","data":"1546837113087"}""")]
    [InlineData("gate-v4", """{"label":"TOO_MANY_REQUESTS","message":"Request Rate limit Exceeded"}""")]
    [InlineData("deribit", """{"jsonrpc":"2.0","error":{"code":10028,"message":"too_many_requests"}}""")]
    public void Error_answers_and_malformed_bodies_give_no_time(string scheme, string body)
    {
        var endpoint = Scheme(scheme).Exchange.ServerTime("api.example.com")!;

        Assert.False(endpoint.TryParse(Encoding.UTF8.GetBytes(body), out _));
    }

    [Fact]
    public void Deeply_nested_bodies_are_refused_not_thrown()
    {
        var body = new string('[', 1000) + new string(']', 1000);

        Assert.False(Scheme("binance-hmac").Exchange.ServerTime("api.binance.com")!.TryParse(Encoding.ASCII.GetBytes(body), out _));
    }

    private static SigningScheme Scheme(string name) => SigningSchemes.TryGet(name, out var scheme) ? scheme : throw new InvalidOperationException(name);
}
