using System.Net;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Bybit;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bybit;

/// <summary>
/// The real proxy (Kestrel on loopback) in front of the fake Bybit, which verifies every signature with its own code
/// from Bybit's docs. Bots send requests unsigned, or with placeholder credentials.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BybitProxyTests(SoftHsmToken token) : ProxyVenueTests<BybitAccount>(token, BybitProxyCases.Row)
{
    private const string Order = BybitProxyCases.Order;

    private FakeBybit Exchange => Account.Exchange;

    [Fact]
    public async Task Unsigned_wallet_balance_query_is_signed_and_accepted()
    {
        using var response = await Proxy.Client.GetAsync("/bybit/v5/account/wallet-balance?accountType=UNIFIED");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/v5/account/wallet-balance", seen.Path);
        Assert.Equal("accountType=UNIFIED", seen.RawQuery);
        Assert.Equal(Account.ApiKey, seen.Headers["x-bapi-api-key"]);
        Assert.Equal("5000", seen.Headers["x-bapi-recv-window"]);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, body.RootElement.GetProperty("retCode").GetInt32());
    }

    [Fact]
    public async Task Unsigned_limit_order_in_a_json_body_is_signed_and_accepted()
    {
        using var response = await Proxy.Client.PostAsync("/bybit/v5/order/create", new StringContent(Order, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(Order, seen.Body);
        Assert.Equal("", seen.RawQuery);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bot-1", body.RootElement.GetProperty("result").GetProperty("orderLinkId").GetString());
    }
}
