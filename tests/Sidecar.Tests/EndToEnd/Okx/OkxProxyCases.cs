using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Okx;

/// <summary>OKX's row in the proxy conformance suite (<see cref="ProxyConformanceTests"/>): okx-v5, with a passphrase.</summary>
internal static class OkxProxyCases
{
    public const string Order = "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\",\"clOrdId\":\"bot1\"}";

    public static ProxyVenue Row { get; } = new()
    {
        Exchange = "OKX", Route = "okx", Host = "www.okx.com",
        PolicyTests = typeof(Policy.OkxProxyPolicyTests),
        MoreVenues = [],
        CreateAccountAsync = ProxyAccount.Start(token => OkxAccount.CreateAsync(token), a => a.Exchange.Requests, (a, host) => SidecarUnderTest.VenueWithPassphrase("okx-v5", a.Exchange.BaseAddress, a.ApiKey, a.KeyLabel, a.PassphraseLabel, host), a => [a.Secret, a.Passphrase, a.ApiKey]),
        SignedRead = ProxyRequest.Get("/api/v5/account/balance?ccy=BTC"), ReadPath = "/api/v5/account/balance", ReadQuery = "ccy=BTC", AppendedToQuery = null,
        MoreRouteForms = [],
        PublicRead = new("/okx/api/v5/public/instruments?instType=SPOT", "/api/v5/public/instruments", "instType=SPOT", [("OK-ACCESS-KEY", "placeholder-key"), ("OK-ACCESS-PASSPHRASE", "placeholder-passphrase")], ["ok-access-"]),
        UnsignableBodies = [new("POST", "/okx/api/v5/trade/order", "instId=BTC-USDT&tdMode=cash", "application/x-www-form-urlencoded"), new("POST", "/okx/api/v5/trade/order", "instId=BTC-USDT", "text/plain")],
        RefusedByDefaultProfile = [ProxyRequest.Post("/okx/api/v5/asset/withdrawal", "{\"ccy\":\"USDT\",\"amt\":\"100\",\"dest\":\"4\",\"toAddr\":\"0xabc\",\"chain\":\"USDT-ERC20\"}"), ProxyRequest.Post("/okx/api/v5/asset/transfer", "{\"ccy\":\"USDT\",\"amt\":\"1\",\"from\":\"6\",\"to\":\"18\"}"), ProxyRequest.Post("/okx/api/v5/users/subaccount/apikey", "{\"subAcct\":\"s\",\"label\":\"l\",\"passphrase\":\"p\"}")],
        Order = ProxyRequest.Post("/okx/api/v5/trade/order", Order),
        Guards = new("/api/v5/trade/batch-orders", "BTC-USDT", "[{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\"}]", "[{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\"},{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.5\",\"px\":\"50000\"}]", "[{\"instId\":\"ETH-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\"}]"),
        DirectSigning = new()
        {
            Script = "okx-bot.mjs", Env = "OKX",
            CreateAccountAsync = async () => { var a = await OkxAccount.CreateAsync(token: null); return new(a, a.Exchange.BaseAddress, a.ApiKey, a.Secret, a.Passphrase, () => a.Exchange.Requests); },
            WrongSecret = account => account.Secret.ToLowerInvariant() + "0",
            SignedCalls = 4, SignedCallsAtLeast = false, Every200 = true, SignedCallHeaders = [],
            WrongSecretError = "50113", WrongSecretErrorCode = "50113",
        },
        NeverLogged = [],
        // OKX's cases for ProxyBotCredentialsTests: its timestamp is ISO 8601 with milliseconds and a Z.
        BotCredentials =
        [
            new("an unsigned balance query signed and accepted", ProxyBotRequest.Unsigned(ProxyRequest.Get("/okx/api/v5/account/balance?ccy=BTC%2CUSDT")), [ProxyHeaderSeen.Account<OkxAccount>("ok-access-key", a => a.ApiKey), ProxyHeaderSeen.Account<OkxAccount>("ok-access-passphrase", a => a.Passphrase), ProxyHeaderSeen.Matches("ok-access-timestamp", @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")])
            {
                Path = "/api/v5/account/balance", Query = "ccy=BTC%2CUSDT", Answer = answer => Assert.Equal("0", answer.GetProperty("code").GetString()),
            },
            new("an unsigned limit order in a JSON body signed and accepted", ProxyBotRequest.Unsigned(ProxyRequest.Post("/okx/api/v5/trade/order", Order)), [])
            {
                BodyAsSent = true, Answer = answer => Assert.Equal("bot1", answer.GetProperty("data")[0].GetProperty("clOrdId").GetString()),
            },
            new(
                "credentials replaced, timestamp kept, simulated trading passed through",
                () => new(ProxyRequest.Get("/okx/api/v5/account/balance"), [("OK-ACCESS-KEY", "placeholder-key"), ("OK-ACCESS-SIGN", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), ("OK-ACCESS-TIMESTAMP", ProxyBotClock.Utc("yyyy-MM-dd'T'HH:mm:ss.fff'Z'")), ("OK-ACCESS-PASSPHRASE", "placeholder-passphrase"), ("x-simulated-trading", "1")]),
                [ProxyHeaderSeen.Account<OkxAccount>("ok-access-key", a => a.ApiKey), ProxyHeaderSeen.Account<OkxAccount>("ok-access-passphrase", a => a.Passphrase), ProxyHeaderSeen.AsSent("ok-access-timestamp"), ProxyHeaderSeen.NotAsSent("ok-access-sign"), ProxyHeaderSeen.Equal("x-simulated-trading", "1")]),
            new(
                "a timestamp not spelled as OKX spells it replaced",
                () => new(ProxyRequest.Get("/okx/api/v5/account/balance"), [("OK-ACCESS-TIMESTAMP", ProxyBotClock.Utc("yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'"))]),
                [ProxyHeaderSeen.Matches("ok-access-timestamp", @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]),
        ],
    };
}
