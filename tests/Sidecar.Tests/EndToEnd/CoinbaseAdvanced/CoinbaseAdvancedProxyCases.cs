using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;
using Sidecar.Tests.Signing.CoinbaseAdvanced;

namespace Sidecar.Tests.EndToEnd.CoinbaseAdvanced;

/// <summary>Coinbase Advanced's row in the proxy conformance suite (<see cref="ProxyConformanceTests"/>): an ES256 JWT a request.</summary>
internal static class CoinbaseAdvancedProxyCases
{
    public const string Order = "{\"client_order_id\":\"bot-1\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\",\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.002\",\"limit_price\":\"50000\",\"post_only\":false}}}";

    public static ProxyVenue Row { get; } = new()
    {
        Exchange = "Coinbase Advanced", Route = "coinbase-advanced", Host = CoinbaseAdvancedAccount.Host,
        PolicyTests = typeof(Policy.CoinbaseAdvancedProxyPolicyTests),
        MoreVenues = [],
        CreateAccountAsync = ProxyAccount.Start(token => CoinbaseAdvancedAccount.CreateAsync(token), a => a.Exchange.Requests, (a, host) => SidecarUnderTest.Venue("coinbase-advanced", a.Exchange.BaseAddress, a.KeyName, a.KeyLabel, host), a => [a.KeyName]),
        SignedRead = ProxyRequest.Get("/api/v3/brokerage/accounts?limit=250"), ReadPath = "/api/v3/brokerage/accounts", ReadQuery = "limit=250", AppendedToQuery = null,
        MoreRouteForms = [],
        PublicRead = new("/coinbase-advanced/api/v3/brokerage/market/products", "/api/v3/brokerage/market/products", "", [("Authorization", "Bearer placeholder.jwt.token")], ["authorization"]),
        UnsignableBodies = [ProxyRequest.Form("/coinbase-advanced/api/v3/brokerage/orders", "product_id=BTC-USD&side=BUY")],
        RefusedByDefaultProfile = [],
        Order = ProxyRequest.Post("/coinbase-advanced/api/v3/brokerage/orders", Order),
        Guards = null,
        NeverLogged = [],
        // Coinbase Advanced's case for ProxyBotCredentialsTests: a bearer JWT, which the account's replaces.
        BotCredentials =
        [
            new("an unsigned order given a JWT and accepted", ProxyBotRequest.Unsigned(ProxyRequest.Post("/coinbase-advanced/api/v3/brokerage/orders", Order)), [])
            {
                BodyAsSent = true,
                Then = (seen, _, _) => Assert.Equal("POST api.coinbase.com/api/v3/brokerage/orders", Jwt.FromAuthorization(seen.Headers["authorization"]).Claims.GetProperty("uri").GetString()),
                Answer = answer => Assert.True(answer.GetProperty("success").GetBoolean()),
            },
            new("the query forwarded but not part of the uri claim", ProxyBotRequest.Unsigned(ProxyRequest.Get("/https://api.coinbase.com/api/v3/brokerage/accounts?limit=250")), [])
            {
                Query = "limit=250",
                Then = (seen, _, _) => Assert.Equal("GET api.coinbase.com/api/v3/brokerage/accounts", Jwt.FromAuthorization(seen.Headers["authorization"]).Claims.GetProperty("uri").GetString()),
            },
            new(
                "a bearer token replaced",
                () => new(ProxyRequest.Get("/coinbase-advanced/api/v3/brokerage/accounts"), [("Authorization", "Bearer placeholder.jwt.token")]),
                [ProxyHeaderSeen.Lacks("authorization", "placeholder")])
            {
                Then = ProxyBotCredentials.On<CoinbaseAdvancedAccount>((seen, _, account) =>
                    Assert.Equal(account.KeyName, Jwt.FromAuthorization(seen.Headers["authorization"]).Header.GetProperty("kid").GetString())),
            },
        ],
    };
}
