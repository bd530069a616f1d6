using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bitmex;

/// <summary>BitMEX's row in the proxy conformance suite (<see cref="ProxyConformanceTests"/>): api-expires, JSON or form bodies.</summary>
internal static class BitmexProxyCases
{
    public const string Order = "{\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"orderQty\":100,\"price\":50000,\"ordType\":\"Limit\",\"clOrdID\":\"bot-1\"}";

    public static ProxyVenue Row { get; } = new()
    {
        Exchange = "BitMEX", Route = "bitmex", Host = BitmexAccount.Host,
        PolicyTests = typeof(Policy.BitmexProxyPolicyTests),
        MoreVenues = [],
        CreateAccountAsync = ProxyAccount.Start(token => BitmexAccount.CreateAsync(token), a => a.Exchange.Requests, (a, host) => SidecarUnderTest.Venue("bitmex", a.Exchange.BaseAddress, a.ApiKey, a.KeyLabel, host), a => [a.Secret, a.ApiKey]),
        SignedRead = ProxyRequest.Get("/api/v1/user/margin?currency=all"), ReadPath = "/api/v1/user/margin", ReadQuery = "currency=all", AppendedToQuery = null,
        MoreRouteForms = [],
        PublicRead = new("/bitmex/api/v1/instrument/active", "/api/v1/instrument/active", "", [("api-key", "placeholder-key")], ["api-"]),
        UnsignableBodies = [new("POST", "/bitmex/api/v1/order", "symbol XBTUSD", "text/plain")],
        RefusedByDefaultProfile = [],
        Order = ProxyRequest.Post("/bitmex/api/v1/order", Order),
        Guards = null,
        NeverLogged = [],
        // BitMEX's cases for ProxyBotCredentialsTests: its expiry is Unix seconds, kept when near.
        BotCredentials =
        [
            new(
                "credentials replaced and a nonce header dropped",
                () => new(ProxyRequest.Get("/bitmex/api/v1/user/wallet"), [("api-key", "placeholder-key"), ("api-expires", "1"), ("api-signature", new string('0', 64)), ("api-nonce", "12345")]),
                [ProxyHeaderSeen.Account<BitmexAccount>("api-key", a => a.ApiKey), ProxyHeaderSeen.NotAsSent("api-expires"), ProxyHeaderSeen.Absent("api-nonce")])
            {
                Then = (seen, _, _) => ExpiresWithinAMinute(seen),
            },
            new(
                "a valid expiry kept",
                () => new(ProxyRequest.Get("/bitmex/api/v1/user/wallet"), [("api-expires", ProxyBotClock.UnixSeconds(10)), ("api-signature", new string('0', 64))]),
                [ProxyHeaderSeen.AsSent("api-expires")]),
            new(
                "an expiry a day ahead replaced",
                () => new(ProxyRequest.Get("/bitmex/api/v1/user/wallet"), [("api-expires", ProxyBotClock.UnixSeconds(86_400))]),
                [])
            {
                Then = (seen, _, _) => ExpiresWithinAMinute(seen),
            },
        ],
    };

    private static void ExpiresWithinAMinute(Sidecar.FakeExchange.Common.ExchangeRequest seen)
    {
        var expires = ProxyBotClock.Parse(seen.Headers["api-expires"]);
        Assert.InRange(expires - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 1, 60);
    }
}
