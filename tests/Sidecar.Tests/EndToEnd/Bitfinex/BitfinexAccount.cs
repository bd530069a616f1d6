using System.Text;
using Sidecar.FakeExchange.Bitfinex;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bitfinex;

/// <summary>A fake Bitfinex with a generated key pair, and that secret imported into the test token.</summary>
public sealed class BitfinexAccount : VenueAccount<FakeBitfinex>
{
    private BitfinexAccount(FakeBitfinex exchange, string apiKey, string secret, string keyLabel)
        : base(exchange, apiKey, secret, keyLabel)
    {
    }

    /// <summary>Starts the fake only; <paramref name="token"/> null leaves the HSM alone (direct-mode validation).</summary>
    public static async Task<BitfinexAccount> CreateAsync(SoftHsmToken? token)
    {
        var apiKey = TestSecrets.ApiKey();
        var secret = TestSecrets.BinanceStyle();
        var label = ImportHmac(token, "bitfinex", Encoding.ASCII.GetBytes(secret));
        var exchange = await FakeBitfinex.StartAsync(new FakeBitfinexOptions { ApiKey = apiKey, Secret = Encoding.ASCII.GetBytes(secret) });
        return new BitfinexAccount(exchange, apiKey, secret, label);
    }

    /// <summary>
    /// Two venues, as Bitfinex splits its API across two hosts: <c>bitfinex</c> for api.bitfinex.com (authenticated)
    /// and <c>bitfinex-pub</c> for api-pub.bitfinex.com (public), both with the same key — so they share its nonce
    /// counter. In the tests both upstreams are the one fake.
    /// </summary>
    public System.Text.Json.Nodes.JsonObject Venues() => new()
    {
        ["bitfinex"] = SidecarUnderTest.Venue("bitfinex-v2", Exchange.BaseAddress, ApiKey, KeyLabel, "api.bitfinex.com"),
        ["bitfinex-pub"] = SidecarUnderTest.Venue("bitfinex-v2", Exchange.BaseAddress, ApiKey, KeyLabel, "api-pub.bitfinex.com"),
    };

    /// <summary>A WebSocket venue to the fake's <c>/ws/2</c> (its Upstream the fake's ws:// address), with this key — so it shares the key's nonce counter with <see cref="Venues"/>.</summary>
    public System.Text.Json.Nodes.JsonObject WebSocketVenue() => new()
    {
        ["Scheme"] = "bitfinex-v2",
        ["Upstream"] = $"ws://127.0.0.1:{Exchange.BaseAddress.Port}",
        ["ApiKey"] = ApiKey,
        ["Key"] = KeyLabel,
    };
}
