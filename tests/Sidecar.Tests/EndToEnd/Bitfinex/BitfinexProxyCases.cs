using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bitfinex;

/// <summary>
/// Bitfinex's row in the proxy conformance suite (<see cref="ProxyConformanceTests"/>): bitfinex-v2, JSON bodies, and
/// the public API on its own host (venue <c>bitfinex-pub</c>, as <see cref="BitfinexAccount.Venues"/>).
/// </summary>
internal static class BitfinexProxyCases
{
    public const string Order = "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"0.002\",\"price\":\"50000\"}";

    public static ProxyVenue Row { get; } = new()
    {
        Exchange = "Bitfinex", Route = "bitfinex", Host = "api.bitfinex.com",
        PolicyTests = typeof(Policy.BitfinexProxyPolicyTests),
        MoreVenues = [("bitfinex-pub", "api-pub.bitfinex.com")],
        CreateAccountAsync = ProxyAccount.Start(token => BitfinexAccount.CreateAsync(token), a => a.Exchange.Requests, (a, host) => SidecarUnderTest.Venue("bitfinex-v2", a.Exchange.BaseAddress, a.ApiKey, a.KeyLabel, host), a => [a.Secret, a.ApiKey]),
        SignedRead = ProxyRequest.Post("/v2/auth/r/wallets", "{}"), ReadPath = "/v2/auth/r/wallets", ReadQuery = "", AppendedToQuery = null,
        MoreRouteForms = [],
        PublicRead = new("/https://api-pub.bitfinex.com/v2/conf/pub:info:pair", "/v2/conf/pub:info:pair", "", [("bfx-apikey", "placeholder-key")], ["bfx-"]),
        UnsignableBodies = [ProxyRequest.Form("/bitfinex/v2/auth/w/order/submit", "symbol=tBTCUSD&amount=1")],
        RefusedByDefaultProfile = [ProxyRequest.Post("/bitfinex/v2/auth/w/withdraw", "{\"wallet\":\"exchange\",\"method\":\"bitcoin\",\"amount\":\"1\",\"address\":\"x\"}")],
        Order = ProxyRequest.Post("/bitfinex/v2/auth/w/order/submit", Order),
        Guards = null,
        DirectSigning = new()
        {
            Script = "bitfinex-bot.mjs", Env = "BITFINEX",
            CreateAccountAsync = async () => { var a = await BitfinexAccount.CreateAsync(token: null); return new(a, a.Exchange.BaseAddress, a.ApiKey, a.Secret, null, () => a.Exchange.Requests); },
            WrongSecret = _ => TestSecrets.BinanceStyle(),
            SignedCalls = 3, SignedCallsAtLeast = false, Every200 = false, SignedCallHeaders = [],
            WrongSecretError = "AuthenticationError", WrongSecretErrorCode = "10100 apikey: digest invalid",
        },
        NeverLogged = [],
        // Bitfinex's cases for ProxyBotCredentialsTests: its nonce is microseconds, kept when fresh.
        BotCredentials =
        [
            new("an unsigned wallets request signed and accepted", ProxyBotRequest.Unsigned(ProxyRequest.Post("/bitfinex/v2/auth/r/wallets", "{}")), [ProxyHeaderSeen.Account<BitfinexAccount>("bfx-apikey", a => a.ApiKey), ProxyHeaderSeen.Matches("bfx-nonce", "^[0-9]{16}$")])
            {
                BodyAsSent = true, Then = (seen, _, _) => Assert.Null(seen.ErrorCode), Answer = answer => Assert.Equal("exchange", answer[0][0].GetString()),
            },
            new("an unsigned limit order signed and placed", ProxyBotRequest.Unsigned(ProxyRequest.Post("/https://api.bitfinex.com/v2/auth/w/order/submit", Order)), [])
            {
                BodyAsSent = true, Answer = answer => Assert.Contains("SUCCESS", answer.GetRawText(), StringComparison.Ordinal),
            },
            new(
                "key, nonce and signature replaced",
                () => new(ProxyRequest.Post("/bitfinex/v2/auth/r/wallets", "{}"), [("bfx-apikey", "placeholder-key"), ("bfx-nonce", "1"), ("bfx-signature", new string('0', 96))]),
                [ProxyHeaderSeen.Account<BitfinexAccount>("bfx-apikey", a => a.ApiKey), ProxyHeaderSeen.NotAsSent("bfx-nonce"), ProxyHeaderSeen.NotAsSent("bfx-signature")]),
            new(
                "a fresh nonce kept",
                () => new(ProxyRequest.Post("/bitfinex/v2/auth/r/wallets", "{}"), [("bfx-nonce", ProxyBotClock.UnixMicroseconds(5_000_000))]),
                [ProxyHeaderSeen.AsSent("bfx-nonce")]),
        ],
    };
}
