using System.Net;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Bitfinex;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bitfinex;

/// <summary>The in-process proxy in front of the fake Bitfinex, which verifies every signature and nonce with its own code.</summary>
[Collection(HsmCollection.Name)]
public sealed class BitfinexProxyTests(SoftHsmToken token) : ProxyVenueTests<BitfinexAccount>(token, BitfinexProxyCases.Row)
{
    private FakeBitfinex Exchange => Account.Exchange;

    [Fact]
    public async Task Unsigned_wallets_request_is_signed_and_accepted()
    {
        using var response = await Proxy.Client.PostAsync("/bitfinex/v2/auth/r/wallets", Json("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Null(seen.ErrorCode);
        Assert.Equal(Account.ApiKey, seen.Headers["bfx-apikey"]);
        Assert.Matches("^[0-9]{16}$", seen.Headers["bfx-nonce"]);
        Assert.Equal("{}", seen.Body);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("exchange", body.RootElement[0][0].GetString());
    }

    [Fact]
    public async Task Unsigned_limit_order_is_signed_and_placed()
    {
        const string order = "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"0.002\",\"price\":\"50000\"}";

        using var response = await Proxy.Client.PostAsync("/https://api.bitfinex.com/v2/auth/w/order/submit", Json(order));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(order, seen.Body);
        Assert.Contains("SUCCESS", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_bot_nonce_is_raised_above_the_last_one_used()
    {
        var fresh = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000) + 5_000_000;
        var nonces = new List<long>();
        foreach (var botNonce in new[] { fresh, fresh, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }) // the last: ccxt's ms
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/bitfinex/v2/auth/r/wallets") { Content = Json("{}") };
            request.Headers.Add("bfx-nonce", botNonce.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await Proxy.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var seen = Exchange.Requests;
        Assert.All(seen, r => Assert.Equal(SignatureCheck.Valid, r.Signature));
        Assert.Equal([fresh, fresh + 1, fresh + 2], seen.Select(r => long.Parse(r.Headers["bfx-nonce"], System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
