using System.Net;
using System.Text;
using Sidecar.FakeExchange;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.CoinbaseExchange;

/// <summary>The in-process proxy in front of the fake Coinbase Exchange, which verifies every signature itself.</summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseExchangeProxyTests(SoftHsmToken token) : ProxyVenueTests<CoinbaseExchangeAccount>(token, CoinbaseExchangeProxyCases.Row)
{
    [Fact]
    public async Task The_fake_refuses_a_request_signed_with_another_secret()
    {
        // The fake's own check, independent of Sidecar: a wrong signature is 401 {"message":"invalid signature"}.
        using var client = new HttpClient { BaseAddress = Account.Exchange.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/accounts");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Headers.Add("CB-ACCESS-KEY", Account.ApiKey);
        request.Headers.Add("CB-ACCESS-SIGN", Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(new byte[64], Encoding.ASCII.GetBytes(timestamp + "GET/accounts"))));
        request.Headers.Add("CB-ACCESS-TIMESTAMP", timestamp);
        request.Headers.Add("CB-ACCESS-PASSPHRASE", Account.Passphrase);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("{\"message\":\"invalid signature\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal(SignatureCheck.Invalid, Assert.Single(Account.Exchange.Requests).Signature);
    }
}
