using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Bitmex;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bitmex;

/// <summary>
/// The in-process proxy in front of the fake BitMEX, which verifies every signature itself. ccxt no longer ships
/// BitMEX, so the bot here is HttpClient doing what a BitMEX bot does: instruments, margin, place and cancel an order.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BitmexProxyTests(SoftHsmToken token) : ProxyVenueTests<BitmexAccount>(token, BitmexProxyCases.Row)
{
    [Theory]
    [InlineData("/bitmex")]
    [InlineData("/https://www.bitmex.com")]
    public async Task A_bot_without_credentials_reads_trades_and_cancels_through_sidecar(string prefix)
    {
        using (var instruments = await Proxy.Client.GetAsync($"{prefix}/api/v1/instrument/active"))
        {
            Assert.Equal(HttpStatusCode.OK, instruments.StatusCode);
        }

        using (var margin = await Proxy.Client.GetAsync($"{prefix}/api/v1/user/margin?currency=all"))
        {
            Assert.Equal(HttpStatusCode.OK, margin.StatusCode);
        }

        string orderId;
        using (var placed = await Proxy.Client.PostAsync($"{prefix}/api/v1/order",
            Json("{\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"orderQty\":100,\"price\":50000,\"ordType\":\"Limit\",\"clOrdID\":\"bot-1\"}")))
        {
            Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
            using var order = JsonDocument.Parse(await placed.Content.ReadAsStringAsync());
            Assert.Equal("New", order.RootElement.GetProperty("ordStatus").GetString());
            orderId = order.RootElement.GetProperty("orderID").GetString()!;
        }

        using (var cancel = new HttpRequestMessage(HttpMethod.Delete, $"{prefix}/api/v1/order") { Content = Json($"{{\"orderID\":\"{orderId}\"}}") })
        using (var canceled = await Proxy.Client.SendAsync(cancel))
        {
            Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
            using var orders = JsonDocument.Parse(await canceled.Content.ReadAsStringAsync());
            Assert.Equal("Canceled", orders.RootElement[0].GetProperty("ordStatus").GetString());
        }

        var seen = Account.Exchange.Requests;
        Assert.All(seen, r => Assert.Equal(200, r.Status));
        Assert.Equal([SignatureCheck.NotRequired, SignatureCheck.Valid, SignatureCheck.Valid, SignatureCheck.Valid], seen.Select(r => r.Signature));
        Assert.All(seen.Skip(1), r => Assert.Equal(Account.ApiKey, r.Headers["api-key"]));
        Assert.False(seen[0].Headers.ContainsKey("api-key"));
        Assert.Equal("currency=all", seen[1].RawQuery);
        Assert.All(seen, r => Assert.StartsWith("/api/v1/", r.Path, StringComparison.Ordinal));
        Assert.DoesNotContain(Account.Secret, Proxy.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_body_is_signed_as_sent()
    {
        using var response = await Proxy.Client.PostAsync("/bitmex/api/v1/order",
            new StringContent("symbol=XBTUSD&side=Buy&orderQty=200&price=49999.5", Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Account.Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("symbol=XBTUSD&side=Buy&orderQty=200&price=49999.5", seen.Body);
    }

    [Fact]
    public async Task The_fake_refuses_bad_signatures_and_expired_requests_in_bitmex_shape()
    {
        using var client = new HttpClient { BaseAddress = Account.Exchange.BaseAddress };
        var secret = Encoding.UTF8.GetBytes(Account.Secret);

        async Task<string> Send(long expires, string signature)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/user/wallet");
            request.Headers.Add("api-key", Account.ApiKey);
            request.Headers.Add("api-expires", expires.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("api-signature", signature);
            using var response = await client.SendAsync(request);
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }

        var future = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 30;
        var past = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 30;
        Assert.StartsWith("200 ", await Send(future, BitmexSignature.Compute(secret, "GET", "/api/v1/user/wallet", future.ToString(CultureInfo.InvariantCulture), "")), StringComparison.Ordinal);
        Assert.Equal("401 {\"error\":{\"message\":\"Signature not valid.\",\"name\":\"HTTPError\"}}", await Send(future, new string('0', 64)));
        Assert.StartsWith("401 {\"error\":{\"message\":\"This request has expired",
            await Send(past, BitmexSignature.Compute(secret, "GET", "/api/v1/user/wallet", past.ToString(CultureInfo.InvariantCulture), "")), StringComparison.Ordinal);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
