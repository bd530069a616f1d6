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
