using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Gate;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Gate;

/// <summary>The in-process proxy in front of the fake Gate, which verifies every signature and timestamp with its own code.</summary>
[Collection(HsmCollection.Name)]
public sealed class GateProxyTests(SoftHsmToken token) : ProxyVenueTests<GateAccount>(token, GateProxyCases.Row)
{
    private FakeGate Exchange => Account.Exchange;

    [Fact]
    public async Task Unsigned_balance_request_is_signed_and_accepted()
    {
        using var response = await Proxy.Client.GetAsync("/gate/api/v4/spot/accounts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Null(seen.ErrorCode);
        Assert.Equal(Account.ApiKey, seen.Headers["key"]);
        var timestamp = long.Parse(seen.Headers["timestamp"], CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("USDT", body.RootElement[0].GetProperty("currency").GetString());
    }

    [Fact]
    public async Task Unsigned_limit_order_is_signed_exactly_as_forwarded()
    {
        const string order = "{\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"account\":\"spot\",\"side\":\"buy\",\"amount\":\"0.002\",\"price\":\"50000\",\"text\":\"t-bot1\"}";

        using var response = await Proxy.Client.PostAsync("/https://api.gateio.ws/api/v4/spot/orders", new StringContent(order, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(order, seen.Body);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("t-bot1", body.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_percent_encoded_query_is_forwarded_raw_and_signed_decoded()
    {
        using var response = await Proxy.Client.GetAsync("/gate/api/v4/spot/open_orders?currency_pair=BTC_USDT&text=t-a%2Fb%2Cc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal("currency_pair=BTC_USDT&text=t-a%2Fb%2Cc", seen.RawQuery);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
    }
}
