using Sidecar.Configuration;
using Sidecar.Policy;
using Sidecar.Proxy;
using Sidecar.Signing;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Proxy;

public sealed class RouteParserTests
{
    private static readonly VenueTable Venues = TestVenues.Binance;

    [Theory]
    [InlineData("/binance/api/v3/account", "binance", "/api/v3/account", "", "VenuePrefix")]
    [InlineData("/binance/api/v3/order?symbol=BTCUSDT&price=1.5", "binance", "/api/v3/order", "symbol=BTCUSDT&price=1.5", "VenuePrefix")]
    [InlineData("/binance", "binance", "/", "", "VenuePrefix")]
    [InlineData("/binance?", "binance", "/", "", "VenuePrefix")]         // a bare '?' (ccxt's coinbaseexchange private feed URL): an empty query
    [InlineData("/binance/ws?", "binance", "/ws", "", "VenuePrefix")]
    [InlineData("/binance-usdm/fapi/v1/order?a=%2C", "binance-usdm", "/fapi/v1/order", "a=%2C", "VenuePrefix")]
    [InlineData("/https://api.binance.com/api/v3/exchangeInfo", "binance", "/api/v3/exchangeInfo", "", "ProxyUrl")]
    [InlineData("/https://API.Binance.com/api/v3/time", "binance", "/api/v3/time", "", "ProxyUrl")]
    [InlineData("/https://api.binance.com:443/api/v3/time", "binance", "/api/v3/time", "", "ProxyUrl")]
    [InlineData("/https://fapi.binance.com/fapi/v1/order?symbol=BTCUSDT", "binance-usdm", "/fapi/v1/order", "symbol=BTCUSDT", "ProxyUrl")]
    [InlineData("/https%3A%2F%2Fapi.binance.com%2Fapi%2Fv3%2Faccount%3Ftimestamp%3D1%26recvWindow%3D5000", "binance", "/api/v3/account", "timestamp=1&recvWindow=5000", "ProxyUrl")]
    [InlineData("/https%3a%2f%2fapi.binance.com%2fapi%2fv3%2forder%3Fids%3D%255B1%252C2%255D", "binance", "/api/v3/order", "ids=%5B1%2C2%5D", "ProxyUrl")]
    [InlineData("/https://api.binance.com", "binance", "/", "", "ProxyUrl")]
    public void Maps_both_route_forms_to_the_venue_and_exact_upstream_target(string target, string venue, string path, string query, string form)
    {
        Assert.True(RouteParser.TryParse(target, Venues, out var match, out var error), error.Message);
        Assert.Equal(venue, match.Venue.Name);
        Assert.Equal(path, match.Path);
        Assert.Equal(query, match.Query);
        Assert.Equal(form, match.Form.ToString());
    }

    [Theory]
    [InlineData("/", 404, "unknown_venue")]
    [InlineData("/kraken/0/private/Balance", 404, "unknown_venue")]
    [InlineData("/Binance/api/v3/account", 404, "unknown_venue")]
    [InlineData("/https://api.evil.example/api/v3/account", 404, "unknown_venue")]
    [InlineData("/https%3A%2F%2Fapi.evil.example%2Fapi%3Fa%3D1", 404, "unknown_venue")]
    [InlineData("http://api.binance.com/api/v3/account", 400, "bad_request")]
    [InlineData("*", 400, "bad_request")]
    [InlineData("/http://api.binance.com/api/v3/account", 400, "bad_request")]
    [InlineData("/https://api.binance.com:8443/api/v3/account", 400, "bad_request")]
    [InlineData("/https://user:pw@api.binance.com/api/v3/account", 400, "bad_request")]
    [InlineData("/https%3A%2F%2Fapi.binance.com%2Fapi%3Fa%3D1?b=2", 400, "bad_request")]
    [InlineData("/https%3A%2F%2Fapi.binance.com%2Fapi%3Fa%3D%ZZ", 400, "bad_request")]
    [InlineData("/https%3A%2F%2Fapi.binance.com%2Fapi%3Fa%3D%20b", 400, "bad_request")]
    [InlineData("/binance/api/v3/../../sapi/v1/capital/withdraw/apply", 400, "bad_request")]
    [InlineData("/binance/api/v3/./order", 400, "bad_request")]
    [InlineData("/binance/api//v3/order", 400, "bad_request")]
    [InlineData("/binance/api/v3%2Forder", 400, "bad_request")]
    [InlineData("/binance/api/v3/%2e%2e/order", 400, "bad_request")]
    [InlineData("/binance/api/v3/order%252F", 400, "bad_request")]
    [InlineData("/binance/api/v3/order;jsessionid=1", 400, "bad_request")]
    [InlineData("/binance/api\\v3/order", 400, "bad_request")]
    [InlineData("/binance/api/v3/order#frag", 400, "bad_request")]
    [InlineData("/binance/api/v3/order?a=1#frag", 400, "bad_request")]
    [InlineData("/binance/api/v3/order?a=\u0001", 400, "bad_request")]
    [InlineData("/binance/api/v3/ordér", 400, "bad_request")]
    public void Refuses_with_a_clear_error(string target, int status, string code)
    {
        Assert.False(RouteParser.TryParse(target, Venues, out _, out var error));
        Assert.Equal(status, error.Status);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
