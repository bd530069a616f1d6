using Sidecar.Proxy;

namespace Sidecar.Tests.Proxy;

public sealed class UpstreamUriTests
{
    [Theory]
    [InlineData("https://api.binance.com", "/api/v3/order", "", "https://api.binance.com/api/v3/order")]
    [InlineData("https://api.binance.com", "/api/v3/order", "symbol=BTCUSDT&timestamp=1&signature=ab", "https://api.binance.com/api/v3/order?symbol=BTCUSDT&timestamp=1&signature=ab")]
    [InlineData("http://127.0.0.1:8081", "/sapi/v1/a%2Cb", "ids=%5B1%2C2%5D&x=%7e", "http://127.0.0.1:8081/sapi/v1/a%2Cb?ids=%5B1%2C2%5D&x=%7e")]
    [InlineData("https://api.kraken.com", "/0/private/AddOrder", "", "https://api.kraken.com/0/private/AddOrder")]
    public void Builds_the_exact_signed_target_without_re_encoding(string upstream, string path, string query, string expected)
    {
        var uri = UpstreamUri.Build(upstream, path, query);

        Assert.Equal(expected, uri.OriginalString);
        Assert.Equal(query.Length == 0 ? path : path + "?" + query, uri.PathAndQuery);
    }

    [Fact]
    public void A_query_less_target_is_built_once_and_shared()
    {
        var first = UpstreamUri.Build("https://api.bybit.com", "/v5/order/create", "");
        var second = UpstreamUri.Build("https://api.bybit.com", "/v5/order/create", "");

        Assert.Same(first, second);
    }

    [Fact]
    public void Targets_with_a_query_or_another_upstream_are_never_shared()
    {
        var signed = UpstreamUri.Build("https://api.binance.com", "/api/v3/account", "timestamp=1&signature=aa");
        var other = UpstreamUri.Build("https://api.binance.com", "/api/v3/account", "timestamp=2&signature=bb");
        var plain = UpstreamUri.Build("https://api.binance.com", "/api/v3/account", "");
        var testnet = UpstreamUri.Build("https://testnet.binance.vision", "/api/v3/account", "");

        Assert.Equal("timestamp=2&signature=bb", other.Query.TrimStart('?'));
        Assert.NotSame(signed, UpstreamUri.Build("https://api.binance.com", "/api/v3/account", "timestamp=1&signature=aa"));
        Assert.Equal("https://testnet.binance.vision/api/v3/account", testnet.OriginalString);
        Assert.NotSame(plain, testnet);
    }

    [Fact]
    public void Past_the_cache_bound_every_target_is_still_exact()
    {
        // More distinct paths than the cache holds (a wildcard Allow rule could admit any number of them).
        for (var i = 0; i < 1500; i++)
        {
            var path = "/api/v3/bound-test/" + i;
            Assert.Equal("https://bound.example" + path, UpstreamUri.Build("https://bound.example", path, "").OriginalString);
        }
    }
}
