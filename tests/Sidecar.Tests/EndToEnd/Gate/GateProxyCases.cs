using System.Net;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Gate;

/// <summary>Gate's row in the proxy conformance suite (<see cref="ProxyConformanceTests"/>): gate-v4, JSON bodies.</summary>
internal static class GateProxyCases
{
    public const string Order = "{\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"account\":\"spot\",\"side\":\"buy\",\"amount\":\"0.002\",\"price\":\"50000\",\"text\":\"t-bot1\"}";

    public static ProxyVenue Row { get; } = new()
    {
        Exchange = "Gate", Route = "gate", Host = "api.gateio.ws",
        PolicyTests = typeof(Policy.GateProxyPolicyTests),
        MoreVenues = [],
        CreateAccountAsync = ProxyAccount.Start(token => GateAccount.CreateAsync(token), a => a.Exchange.Requests, (a, host) => SidecarUnderTest.Venue("gate-v4", a.Exchange.BaseAddress, a.ApiKey, a.KeyLabel, host), a => [a.Secret, a.ApiKey]),
        SignedRead = ProxyRequest.Get("/api/v4/spot/accounts?currency=BTC"), ReadPath = "/api/v4/spot/accounts", ReadQuery = "currency=BTC", AppendedToQuery = null,
        MoreRouteForms = [],
        PublicRead = new("/gate/api/v4/spot/currency_pairs", "/api/v4/spot/currency_pairs", "", [("KEY", "placeholder-key")], ["key"]),
        UnsignableBodies = [ProxyRequest.Form("/gate/api/v4/spot/orders", "currency_pair=BTC_USDT&amount=1")],
        RefusedByDefaultProfile = [ProxyRequest.Post("/gate/api/v4/withdrawals", "{\"currency\":\"USDT\",\"address\":\"x\",\"amount\":\"1\",\"chain\":\"TRX\"}")],
        Order = ProxyRequest.Post("/gate/api/v4/spot/orders", Order),
        Guards = null,
        DirectSigning = new()
        {
            Script = "gate-bot.mjs", Env = "GATE",
            CreateAccountAsync = async () => { var a = await GateAccount.CreateAsync(token: null); return new(a, a.Exchange.BaseAddress, a.ApiKey, a.Secret, null, () => a.Exchange.Requests); },
            WrongSecret = _ => TestSecrets.BinanceStyle(),
            SignedCalls = 4, SignedCallsAtLeast = true, Every200 = false, SignedCallHeaders = [],
            WrongSecretError = "INVALID_SIGNATURE", WrongSecretErrorCode = "INVALID_SIGNATURE",
        },
        NeverLogged = [],
        // Gate's cases for ProxyBotCredentialsTests: its timestamp is Unix seconds, with a fraction or without.
        BotCredentials =
        [
            new("an unsigned balance request signed and accepted", ProxyBotRequest.Unsigned(ProxyRequest.Get("/gate/api/v4/spot/accounts")), [ProxyHeaderSeen.Account<GateAccount>("key", a => a.ApiKey)])
            {
                Then = (seen, _, _) =>
                {
                    Assert.Null(seen.ErrorCode);
                    TimestampIsNow(seen);
                },
                Answer = answer => Assert.Equal("USDT", answer[0].GetProperty("currency").GetString()),
            },
            new("an unsigned limit order signed exactly as forwarded", ProxyBotRequest.Unsigned(ProxyRequest.Post("/https://api.gateio.ws/api/v4/spot/orders", Order)), [])
            {
                Status = HttpStatusCode.Created, BodyAsSent = true, Answer = answer => Assert.Equal("t-bot1", answer.GetProperty("text").GetString()),
            },
            new("a percent-encoded query forwarded raw and signed decoded", ProxyBotRequest.Unsigned(ProxyRequest.Get("/gate/api/v4/spot/open_orders?currency_pair=BTC_USDT&text=t-a%2Fb%2Cc")), []) { Query = "currency_pair=BTC_USDT&text=t-a%2Fb%2Cc" },
            BotSigned("key and signature replaced, whole-second timestamp kept", fraction: false),
            BotSigned("key and signature replaced, fractional timestamp kept", fraction: true),
            MalformedTimestamp("1541993715x"),
            MalformedTimestamp("1541993715000"),
            MalformedTimestamp(""),
        ],
    };

    private static ProxyBotCredentials BotSigned(string name, bool fraction) => new(
        name,
        () =>
        {
            var now = DateTimeOffset.UtcNow;
            var timestamp = ProxyBotClock.Invariant(now.ToUnixTimeSeconds()) + (fraction ? $".{now.Millisecond:D3}217" : "");
            return new(ProxyRequest.Get("/gate/api/v4/spot/accounts?currency=BTC"), [("KEY", "placeholder-key"), ("Timestamp", timestamp), ("SIGN", new string('0', 128))]);
        },
        [ProxyHeaderSeen.Account<GateAccount>("key", a => a.ApiKey), ProxyHeaderSeen.AsSent("timestamp"), ProxyHeaderSeen.NotAsSent("sign")]);

    private static ProxyBotCredentials MalformedTimestamp(string sent) => new(
        $"a malformed timestamp \"{sent}\" replaced",
        () => new(ProxyRequest.Get("/gate/api/v4/spot/accounts?currency=BTC"), [("Timestamp", sent)]),
        [])
    {
        Then = (seen, _, _) => TimestampIsNow(seen),
    };

    private static void TimestampIsNow(Sidecar.FakeExchange.Common.ExchangeRequest seen)
    {
        var timestamp = ProxyBotClock.Parse(seen.Headers["timestamp"]);
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }
}
