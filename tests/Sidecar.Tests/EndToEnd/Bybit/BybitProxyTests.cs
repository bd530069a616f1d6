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

    [Fact]
    public async Task Bot_sent_key_and_signature_are_replaced_and_its_timestamp_and_receive_window_kept()
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/bybit/v5/account/wallet-balance?accountType=UNIFIED");
        request.Headers.Add("X-BAPI-API-KEY", "placeholder-key");
        request.Headers.Add("X-BAPI-SIGN", "0000000000000000000000000000000000000000000000000000000000000000");
        request.Headers.Add("X-BAPI-TIMESTAMP", timestamp);
        request.Headers.Add("X-BAPI-RECV-WINDOW", "10000");
        request.Headers.Add("X-BAPI-SIGN-TYPE", "2");

        using var response = await Proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(Account.ApiKey, seen.Headers["x-bapi-api-key"]);
        Assert.Equal(timestamp, seen.Headers["x-bapi-timestamp"]);
        Assert.Equal("10000", seen.Headers["x-bapi-recv-window"]);
        Assert.DoesNotContain("0000000000000000", seen.Headers["x-bapi-sign"], StringComparison.Ordinal);
        Assert.False(seen.Headers.ContainsKey("x-bapi-sign-type"));
    }

    [Fact]
    public async Task Malformed_bot_timestamp_and_receive_window_are_replaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/bybit/v5/account/wallet-balance?accountType=UNIFIED");
        request.Headers.Add("X-BAPI-TIMESTAMP", "1499827319559.5");
        request.Headers.Add("X-BAPI-RECV-WINDOW", "5e3");

        using var response = await Proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Matches("^[1-9][0-9]{12}$", seen.Headers["x-bapi-timestamp"]);
        Assert.Equal("5000", seen.Headers["x-bapi-recv-window"]);
    }

    [Fact]
    public async Task Broker_referer_passes_through()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/bybit/v5/order/create") { Content = new StringContent(Order, Encoding.UTF8, "application/json") };
        request.Headers.Referrer = new Uri("https://example.com/broker");

        using var response = await Proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("https://example.com/broker", seen.Headers["referer"]);
    }
}
