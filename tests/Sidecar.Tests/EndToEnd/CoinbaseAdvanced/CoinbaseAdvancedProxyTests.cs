using System.Net;
using Sidecar.FakeExchange;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.CoinbaseAdvanced;

/// <summary>The in-process proxy in front of the fake Coinbase Advanced Trade, which checks every JWT itself.</summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseAdvancedProxyTests(SoftHsmToken token) : ProxyVenueTests<CoinbaseAdvancedAccount>(token, CoinbaseAdvancedProxyCases.Row)
{
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
