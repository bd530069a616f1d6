using Sidecar.FakeExchange.Deribit;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Deribit;

/// <summary>Deribit's row in the proxy conformance suite (<see cref="ProxyConformanceTests"/>): deri-hmac-sha256, JSON-RPC bodies.</summary>
internal static class DeribitProxyCases
{
    public const string Order = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"private/buy\",\"params\":{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10,\"type\":\"limit\",\"price\":50000}}";

    public static ProxyVenue Row { get; } = new()
    {
        Exchange = "Deribit", Route = "deribit", Host = DeribitAccount.Host,
        PolicyTests = typeof(Policy.DeribitProxyPolicyTests),
        MoreVenues = [],
        CreateAccountAsync = ProxyAccount.Start(token => DeribitAccount.CreateAsync(token), a => a.Exchange.Requests, (a, host) => SidecarUnderTest.Venue("deribit", a.Exchange.BaseAddress, a.ClientId, a.KeyLabel, host), a => [a.ClientSecret, a.ClientId]),
        SignedRead = ProxyRequest.Get("/api/v2/private/get_account_summary?currency=BTC"), ReadPath = "/api/v2/private/get_account_summary", ReadQuery = "currency=BTC", AppendedToQuery = null,
        MoreRouteForms = [],
        PublicRead = new("/deribit/api/v2/public/get_instruments?currency=BTC", "/api/v2/public/get_instruments", "currency=BTC", [("Authorization", "deri-hmac-sha256 id=placeholder,ts=1,sig=00,nonce=x")], ["authorization"]),
        UnsignableBodies = [ProxyRequest.Form("/deribit/api/v2/private/buy", "instrument_name=BTC-PERPETUAL&amount=10")],
        RefusedByDefaultProfile = [],
        Order = ProxyRequest.Post("/deribit/api/v2/private/buy", Order),
        Guards = null,
        NeverLogged = [],
        // Deribit's cases for ProxyBotCredentialsTests: one Authorization header holding id, ts, sig and nonce.
        BotCredentials =
        [
            new("an unsigned query signed and accepted", ProxyBotRequest.Unsigned(ProxyRequest.Get("/deribit/api/v2/private/get_account_summary?currency=BTC")), [])
            {
                Query = "currency=BTC",
                Then = ProxyBotCredentials.On<DeribitAccount>((seen, _, account) => Assert.Equal(account.ClientId, DeribitSignature.ParseAuthorization(seen.Headers["authorization"])!["id"])),
                Answer = answer => Assert.Equal("BTC", answer.GetProperty("result").GetProperty("currency").GetString()),
            },
            new("a JSON-RPC body signed and accepted", ProxyBotRequest.Unsigned(ProxyRequest.Post("/https://www.deribit.com/api/v2/private/buy", Order)), [])
            {
                BodyAsSent = true,
                Answer = answer =>
                {
                    Assert.Equal(7, answer.GetProperty("id").GetInt32());
                    Assert.Equal("open", answer.GetProperty("result").GetProperty("order").GetProperty("order_state").GetString());
                },
            },
            new(
                "an authorization replaced",
                () => new(ProxyRequest.Get("/deribit/api/v2/private/get_account_summaries"), [("Authorization", "deri-hmac-sha256 id=placeholder,ts=1,sig=00,nonce=x")]),
                [])
            {
                Then = ProxyBotCredentials.On<DeribitAccount>((seen, _, account) =>
                {
                    var authorization = DeribitSignature.ParseAuthorization(seen.Headers["authorization"])!;
                    Assert.Equal(account.ClientId, authorization["id"]);
                    Assert.NotEqual("1", authorization["ts"]);
                }),
            },
            new(
                "a well-formed ts and nonce kept",
                () => new(ProxyRequest.Get("/deribit/api/v2/private/get_account_summary?currency=BTC"), [("Authorization", $"deri-hmac-sha256 id=placeholder,ts={ProxyBotClock.UnixMilliseconds()},sig={new string('0', 64)},nonce=bot-nonce-1")]),
                [])
            {
                Then = ProxyBotCredentials.On<DeribitAccount>((seen, sent, account) =>
                {
                    var ts = DeribitSignature.ParseAuthorization(sent.Sent("Authorization"))!["ts"];
                    var authorization = DeribitSignature.ParseAuthorization(seen.Headers["authorization"])!;
                    Assert.Equal((account.ClientId, ts, "bot-nonce-1"), (authorization["id"], authorization["ts"], authorization["nonce"]));
                    Assert.NotEqual(new string('0', 64), authorization["sig"]);
                }),
            },
        ],
    };
}
