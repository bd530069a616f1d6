using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Kucoin;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kucoin;

/// <summary>
/// The real proxy (Kestrel on loopback) in front of the fake KuCoin, which verifies every signature and the signed
/// passphrase with its own code from KuCoin's docs. Bots send requests unsigned, or with placeholder credentials.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KucoinProxyTests(SoftHsmToken token) : ProxyVenueTests<KucoinAccount>(token, KucoinProxyCases.Row)
{
    private const string Order = KucoinProxyCases.Order;

    private FakeKucoin Exchange => Account.Exchange;

    private string SignedPassphrase => KucoinProxyCases.SignedPassphrase(Account);

    [Fact]
    public async Task Unsigned_accounts_query_is_signed_and_accepted()
    {
        using var response = await Proxy.Client.GetAsync("/kucoin/api/v1/accounts?type=trade");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/api/v1/accounts", seen.Path);
        Assert.Equal("type=trade", seen.RawQuery);
        Assert.Equal(Account.ApiKey, seen.Headers["kc-api-key"]);
        Assert.Equal(SignedPassphrase, seen.Headers["kc-api-passphrase"]);
        Assert.Equal("2", seen.Headers["kc-api-key-version"]);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("200000", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_percent_encoded_query_is_forwarded_as_sent_and_signed_decoded()
    {
        // Reserved characters only: System.Uri would itself decode escaped unreserved ones before sending.
        using var response = await Proxy.Client.GetAsync("/kucoin/api/v1/accounts?type=trade&tag=a%21b%2Cc+d");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("type=trade&tag=a%21b%2Cc+d", seen.RawQuery);
    }

    [Fact]
    public async Task Unsigned_limit_order_in_a_json_body_is_signed_and_accepted()
    {
        using var response = await Proxy.Client.PostAsync("/kucoin/api/v1/orders", new StringContent(Order, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(Order, seen.Body);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("data").GetProperty("orderId").GetString()));
    }
}
