using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.CoinbaseExchange;

/// <summary>Coinbase Exchange's row in the proxy conformance suite (<see cref="ProxyConformanceTests"/>): HMAC with a passphrase.</summary>
internal static class CoinbaseExchangeProxyCases
{
    public const string Order = "{\"type\":\"limit\",\"side\":\"buy\",\"product_id\":\"BTC-USD\",\"price\":\"50000.00\",\"size\":\"0.002\"}";

    public static ProxyVenue Row { get; } = new()
    {
        Exchange = "Coinbase Exchange", Route = "coinbase-exchange", Host = CoinbaseExchangeAccount.Host,
        PolicyTests = typeof(Policy.CoinbaseExchangeProxyPolicyTests),
        MoreVenues = [],
        CreateAccountAsync = ProxyAccount.Start(token => CoinbaseExchangeAccount.CreateAsync(token), a => a.Exchange.Requests, (a, host) => SidecarUnderTest.VenueWithPassphrase("coinbase-exchange", a.Exchange.BaseAddress, a.ApiKey, a.KeyLabel, a.PassphraseLabel, host), a => [a.Secret, a.Passphrase, a.ApiKey]),
        SignedRead = ProxyRequest.Get("/orders?status=open&product_id=BTC-USD"), ReadPath = "/orders", ReadQuery = "status=open&product_id=BTC-USD", AppendedToQuery = null,
        MoreRouteForms = [],
        PublicRead = new("/coinbase-exchange/products", "/products", "", [("CB-ACCESS-KEY", "placeholder-key")], ["cb-access-"]),
        UnsignableBodies = [ProxyRequest.Form("/coinbase-exchange/orders", "type=limit&side=buy&product_id=BTC-USD&price=50000&size=0.002")],
        RefusedByDefaultProfile = [],
        Order = ProxyRequest.Post("/coinbase-exchange/orders", Order),
        Guards = null,
        NeverLogged = [],
        // Coinbase Exchange's cases for ProxyBotCredentialsTests: its timestamp is Unix seconds, with decimals or without.
        BotCredentials =
        [
            new("an unsigned order signed and accepted", ProxyBotRequest.Unsigned(ProxyRequest.Post("/coinbase-exchange/orders", Order)), [ProxyHeaderSeen.Account<CoinbaseExchangeAccount>("cb-access-key", a => a.ApiKey), ProxyHeaderSeen.Account<CoinbaseExchangeAccount>("cb-access-passphrase", a => a.Passphrase)])
            {
                BodyAsSent = true, Answer = answer => Assert.Equal("pending", answer.GetProperty("status").GetString()),
            },
            new("a query string signed as part of the request path", ProxyBotRequest.Unsigned(ProxyRequest.Get("/https://api.exchange.coinbase.com/orders?status=open&product_id=BTC-USD")), []) { Query = "status=open&product_id=BTC-USD" },
            new(
                "credentials replaced",
                () => new(ProxyRequest.Get("/coinbase-exchange/accounts"), [("CB-ACCESS-KEY", "placeholder-key"), ("CB-ACCESS-SIGN", "cGxhY2Vob2xkZXI="), ("CB-ACCESS-TIMESTAMP", "1"), ("CB-ACCESS-PASSPHRASE", "placeholder-passphrase")]),
                [ProxyHeaderSeen.Account<CoinbaseExchangeAccount>("cb-access-key", a => a.ApiKey), ProxyHeaderSeen.Account<CoinbaseExchangeAccount>("cb-access-passphrase", a => a.Passphrase), ProxyHeaderSeen.NotAsSent("cb-access-sign"), ProxyHeaderSeen.NotAsSent("cb-access-timestamp")]),
            ValidTimestamp(""),
            ValidTimestamp(".250"),
        ],
    };

    private static ProxyBotCredentials ValidTimestamp(string decimals) => new(
        $"a valid timestamp with decimals \"{decimals}\" kept",
        () => new(ProxyRequest.Post("/coinbase-exchange/orders", Order), [("CB-ACCESS-TIMESTAMP", ProxyBotClock.UnixSeconds() + decimals), ("CB-ACCESS-SIGN", "cGxhY2Vob2xkZXI=")]),
        [ProxyHeaderSeen.AsSent("cb-access-timestamp"), ProxyHeaderSeen.NotAsSent("cb-access-sign")]);
}
