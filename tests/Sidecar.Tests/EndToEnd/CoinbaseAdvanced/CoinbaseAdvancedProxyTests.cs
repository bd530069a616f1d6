using System.Net;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;
using Sidecar.Tests.Signing.CoinbaseAdvanced;

namespace Sidecar.Tests.EndToEnd.CoinbaseAdvanced;

/// <summary>The in-process proxy in front of the fake Coinbase Advanced Trade, which checks every JWT itself.</summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseAdvancedProxyTests(SoftHsmToken token) : ProxyVenueTests<CoinbaseAdvancedAccount>(token, CoinbaseAdvancedProxyCases.Row)
{
    private const string Order = CoinbaseAdvancedProxyCases.Order;

    [Fact]
    public async Task Unsigned_order_gets_a_jwt_and_is_accepted()
    {
        using var response = await Proxy.Client.PostAsync("/coinbase-advanced/api/v3/brokerage/orders", new StringContent(Order, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Account.Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(Order, seen.Body);
        var jwt = Jwt.FromAuthorization(seen.Headers["authorization"]);
        Assert.Equal("POST api.coinbase.com/api/v3/brokerage/orders", jwt.Claims.GetProperty("uri").GetString());
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(answer.RootElement.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task The_query_is_forwarded_but_not_part_of_the_uri_claim()
    {
        using var response = await Proxy.Client.GetAsync("/https://api.coinbase.com/api/v3/brokerage/accounts?limit=250");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Account.Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("limit=250", seen.RawQuery);
        Assert.Equal("GET api.coinbase.com/api/v3/brokerage/accounts", Jwt.FromAuthorization(seen.Headers["authorization"]).Claims.GetProperty("uri").GetString());
    }

    [Fact]
    public async Task The_fake_answers_an_invalid_token_with_401_Unauthorized()
    {
        using var client = new HttpClient { BaseAddress = Account.Exchange.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v3/brokerage/accounts");
        request.Headers.Add("Authorization", "Bearer e30.e30.AAAA");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Unauthorized\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(SignatureCheck.Invalid, Assert.Single(Account.Exchange.Requests).Signature);
    }
}
