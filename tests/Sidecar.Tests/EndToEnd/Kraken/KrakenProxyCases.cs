using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kraken;

/// <summary>Kraken's row in the proxy conformance suite (<see cref="ProxyConformanceTests"/>): form bodies, a nonce in the body.</summary>
internal static class KrakenProxyCases
{
    public const string Order = "ordertype=limit&pair=XBTUSD&price=50000&type=buy&volume=0.002";

    public static ProxyVenue Row { get; } = new()
    {
        Exchange = "Kraken", Route = "kraken", Host = "api.kraken.com",
        PolicyTests = typeof(Policy.KrakenProxyPolicyTests),
        MoreVenues = [],
        CreateAccountAsync = ProxyAccount.Start(token => KrakenAccount.CreateAsync(token), a => a.Exchange.Requests, (a, host) => SidecarUnderTest.Venue("kraken", a.Exchange.BaseAddress, a.ApiKey, a.KeyLabel, host), a => [a.SecretBase64, a.ApiKey]),
        SignedRead = ProxyRequest.Form("/0/private/BalanceEx", "asset=ZUSD"), ReadPath = "/0/private/BalanceEx", ReadQuery = "", AppendedToQuery = null,
        MoreRouteForms = [],
        PublicRead = new("/https://api.kraken.com/0/public/AssetPairs?pair=XBTUSD", "/0/public/AssetPairs", "pair=XBTUSD", [("API-Key", "placeholder-key")], ["api-"]),
        UnsignableBodies = [new("POST", "/kraken/0/private/AddOrder", "pair=XBTUSD", "text/plain")],
        RefusedByDefaultProfile = [ProxyRequest.Form("/kraken/0/private/Withdraw", "asset=XBT&key=cold&amount=1")],
        Order = ProxyRequest.Form("/kraken/0/private/AddOrder", Order),
        Guards = null,
        DirectSigning = new()
        {
            Script = "kraken-bot.mjs", Env = "KRAKEN",
            CreateAccountAsync = async () => { var a = await KrakenAccount.CreateAsync(token: null); return new(a, a.Exchange.BaseAddress, a.ApiKey, a.Secret, null, () => a.Exchange.Requests); },
            WrongSecret = _ => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64)),
            SignedCalls = 3, SignedCallsAtLeast = false, Every200 = false, SignedCallHeaders = [],
            WrongSecretError = "EAPI:Invalid signature", WrongSecretErrorCode = "EAPI:Invalid signature",
        },
        NeverLogged = [],
        // Kraken's cases for ProxyBotCredentialsTests: its nonce is in the form body, kept when above the clock.
        BotCredentials =
        [
            new("an unsigned balance request given a nonce, signed and accepted", ProxyBotRequest.Unsigned(ProxyRequest.Form("/kraken/0/private/BalanceEx", "asset=ZUSD")), [ProxyHeaderSeen.Account<KrakenAccount>("api-key", a => a.ApiKey)])
            {
                BodyPattern = "^nonce=[0-9]{16}&asset=ZUSD$", Then = (seen, _, _) => Assert.Null(seen.ErrorCode), Answer = answer => Assert.Equal(0, answer.GetProperty("error").GetArrayLength()),
            },
            new("an unsigned empty-bodied balance request given a nonce body", ProxyBotRequest.Unsigned(ProxyRequest.Form("/kraken/0/private/BalanceEx", "")), []) { BodyPattern = "^nonce=[0-9]{16}$" },
            new("an unsigned limit order keeping the bot's parameters in order", ProxyBotRequest.Unsigned(ProxyRequest.Form("/kraken/0/private/AddOrder", Order)), [])
            {
                BodyPattern = "^nonce=[0-9]{16}&ordertype=limit&pair=XBTUSD&price=50000&type=buy&volume=0.002$", Answer = answer => Assert.Contains("txid", answer.GetRawText(), StringComparison.Ordinal),
            },
            new(
                "key, signature and a stale nonce replaced",
                () => new(ProxyRequest.Form("/kraken/0/private/BalanceEx", "nonce=1616492376594"), [("API-Key", "placeholder-key"), ("API-Sign", Convert.ToBase64String(new byte[64]))]),
                [ProxyHeaderSeen.Account<KrakenAccount>("api-key", a => a.ApiKey), ProxyHeaderSeen.NotAsSent("api-sign")])
            {
                Then = ProxyBotCredentials.On<KrakenAccount>((seen, _, account) =>
                {
                    var nonce = ProxyBotClock.Parse(seen.Body["nonce=".Length..]);
                    Assert.True(nonce > 1616492376594, seen.Body);
                    Assert.Equal(nonce, account.Exchange.LastNonce);
                }),
            },
            new(
                "a nonce above the clock kept",
                () => new(ProxyRequest.Form("/kraken/0/private/BalanceEx", $"nonce={ProxyBotClock.UnixMicroseconds(60_000_000)}"), []),
                [])
            {
                Then = (seen, sent, _) => Assert.Equal(sent.Request.Body, seen.Body),
            },
        ],
    };
}
