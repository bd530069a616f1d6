using System.Net;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.CoinbaseExchange;

/// <summary>The in-process proxy in front of the fake Coinbase Exchange, which verifies every signature itself.</summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseExchangeProxyTests(SoftHsmToken token) : ProxyVenueTests<CoinbaseExchangeAccount>(token, CoinbaseExchangeProxyCases.Row)
{
    private const string Order = CoinbaseExchangeProxyCases.Order;

    [Fact]
    public async Task Unsigned_order_is_signed_and_accepted()
    {
        using var response = await Proxy.Client.PostAsync("/coinbase-exchange/orders", new StringContent(Order, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Account.Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(Order, seen.Body);
        Assert.Equal(Account.ApiKey, seen.Headers["cb-access-key"]);
        Assert.Equal(Account.Passphrase, seen.Headers["cb-access-passphrase"]);
        using var order = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("pending", order.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Query_strings_are_signed_as_part_of_the_request_path()
    {
        using var response = await Proxy.Client.GetAsync("/https://api.exchange.coinbase.com/orders?status=open&product_id=BTC-USD");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Account.Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("status=open&product_id=BTC-USD", seen.RawQuery);
    }

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
