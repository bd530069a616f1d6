using System.Net;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Okx;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Okx;

/// <summary>
/// The real proxy (Kestrel on loopback) in front of the fake OKX, which verifies every signature with its own code
/// from OKX's docs. Bots send requests unsigned, or with placeholder credentials.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class OkxProxyTests(SoftHsmToken token) : ProxyVenueTests<OkxAccount>(token, OkxProxyCases.Row)
{
    private const string Order = OkxProxyCases.Order;

    private FakeOkx Exchange => Account.Exchange;

    [Fact]
    public async Task Unsigned_balance_query_is_signed_and_accepted()
    {
        using var response = await Proxy.Client.GetAsync("/okx/api/v5/account/balance?ccy=BTC%2CUSDT");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/api/v5/account/balance", seen.Path);
        Assert.Equal("ccy=BTC%2CUSDT", seen.RawQuery);
        Assert.Equal(Account.ApiKey, seen.Headers["ok-access-key"]);
        Assert.Equal(Account.Passphrase, seen.Headers["ok-access-passphrase"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", seen.Headers["ok-access-timestamp"]);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("0", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unsigned_limit_order_in_a_json_body_is_signed_and_accepted()
    {
        using var response = await Proxy.Client.PostAsync("/okx/api/v5/trade/order", new StringContent(Order, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(Order, seen.Body);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bot1", body.RootElement.GetProperty("data")[0].GetProperty("clOrdId").GetString());
    }
}
