using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bybit;

/// <summary>Bybit's row in the proxy conformance suite (<see cref="ProxyConformanceTests"/>): bybit-v5, JSON bodies.</summary>
internal static class BybitProxyCases
{
    public const string Order = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\",\"orderLinkId\":\"bot-1\"}";

    public static ProxyVenue Row { get; } = new()
    {
        Exchange = "Bybit", Route = "bybit", Host = "api.bybit.com",
        PolicyTests = typeof(Policy.BybitProxyPolicyTests),
        MoreVenues = [],
        CreateAccountAsync = ProxyAccount.Start(token => BybitAccount.CreateAsync(token), a => a.Exchange.Requests, (a, host) => SidecarUnderTest.Venue("bybit-v5", a.Exchange.BaseAddress, a.ApiKey, a.KeyLabel, host), a => [a.Secret, a.ApiKey]),
        SignedRead = ProxyRequest.Get("/v5/account/wallet-balance?accountType=UNIFIED"), ReadPath = "/v5/account/wallet-balance", ReadQuery = "accountType=UNIFIED", AppendedToQuery = null,
        MoreRouteForms = [],
        PublicRead = new("/bybit/v5/market/instruments-info?category=spot", "/v5/market/instruments-info", "category=spot", [("X-BAPI-API-KEY", "placeholder-key"), ("X-BAPI-SIGN", "deadbeef")], ["x-bapi-"]),
        UnsignableBodies = [new("POST", "/bybit/v5/order/create", "category=spot&symbol=BTCUSDT", "application/x-www-form-urlencoded"), new("POST", "/bybit/v5/order/create", "category=spot", "text/plain")],
        RefusedByDefaultProfile = [ProxyRequest.Post("/bybit/v5/asset/withdraw/create", "{\"coin\":\"USDT\",\"chain\":\"ETH\",\"address\":\"0xabc\",\"amount\":\"100\",\"timestamp\":1,\"forceChain\":0,\"accountType\":\"FUND\"}"), ProxyRequest.Post("/bybit/v5/asset/transfer/universal-transfer", "{\"transferId\":\"x\",\"coin\":\"USDT\",\"amount\":\"1\",\"fromMemberId\":1,\"toMemberId\":2,\"fromAccountType\":\"UNIFIED\",\"toAccountType\":\"UNIFIED\"}"), ProxyRequest.Post("/bybit/v5/user/create-sub-api", "{\"subuid\":1,\"readOnly\":0}")],
        Order = ProxyRequest.Post("/bybit/v5/order/create", Order),
        Guards = new("/v5/order/create", "BTCUSDT", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\"}", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.5\",\"price\":\"50000\"}", "{\"category\":\"spot\",\"symbol\":\"ETHUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\"}"),
        DirectSigning = new()
        {
            Script = "bybit-bot.mjs", Env = "BYBIT",
            CreateAccountAsync = async () => { var a = await BybitAccount.CreateAsync(token: null); return new(a, a.Exchange.BaseAddress, a.ApiKey, a.Secret, null, () => a.Exchange.Requests); },
            WrongSecret = _ => TestSecrets.BinanceStyle(),
            SignedCalls = 6, SignedCallsAtLeast = false, Every200 = true, SignedCallHeaders = [],
            WrongSecretError = "10004", WrongSecretErrorCode = "10004",
        },
        NeverLogged = [],
        // Bybit's cases for ProxyBotCredentialsTests: the bot's timestamp and receive window are kept when well formed; a broker's referer passes.
        BotCredentials =
        [
            new("an unsigned wallet balance query signed and accepted", ProxyBotRequest.Unsigned(ProxyRequest.Get("/bybit/v5/account/wallet-balance?accountType=UNIFIED")), [ProxyHeaderSeen.Account<BybitAccount>("x-bapi-api-key", a => a.ApiKey), ProxyHeaderSeen.Equal("x-bapi-recv-window", "5000")])
            {
                Path = "/v5/account/wallet-balance", Query = "accountType=UNIFIED", Answer = answer => Assert.Equal(0, answer.GetProperty("retCode").GetInt32()),
            },
            new("an unsigned limit order in a JSON body signed and accepted", ProxyBotRequest.Unsigned(ProxyRequest.Post("/bybit/v5/order/create", Order)), [])
            {
                BodyAsSent = true, Query = "", Answer = answer => Assert.Equal("bot-1", answer.GetProperty("result").GetProperty("orderLinkId").GetString()),
            },
            new(
                "key and signature replaced, timestamp and receive window kept",
                () => new(ProxyRequest.Get("/bybit/v5/account/wallet-balance?accountType=UNIFIED"), [("X-BAPI-API-KEY", "placeholder-key"), ("X-BAPI-SIGN", "0000000000000000000000000000000000000000000000000000000000000000"), ("X-BAPI-TIMESTAMP", ProxyBotClock.UnixMilliseconds()), ("X-BAPI-RECV-WINDOW", "10000"), ("X-BAPI-SIGN-TYPE", "2")]),
                [ProxyHeaderSeen.Account<BybitAccount>("x-bapi-api-key", a => a.ApiKey), ProxyHeaderSeen.AsSent("x-bapi-timestamp"), ProxyHeaderSeen.Equal("x-bapi-recv-window", "10000"), ProxyHeaderSeen.Lacks("x-bapi-sign", "0000000000000000"), ProxyHeaderSeen.Absent("x-bapi-sign-type")]),
            new(
                "a malformed timestamp and receive window replaced",
                () => new(ProxyRequest.Get("/bybit/v5/account/wallet-balance?accountType=UNIFIED"), [("X-BAPI-TIMESTAMP", "1499827319559.5"), ("X-BAPI-RECV-WINDOW", "5e3")]),
                [ProxyHeaderSeen.Matches("x-bapi-timestamp", "^[1-9][0-9]{12}$"), ProxyHeaderSeen.Equal("x-bapi-recv-window", "5000")]),
            new(
                "a broker referer passed through",
                () => new(ProxyRequest.Post("/bybit/v5/order/create", Order), [("Referer", "https://example.com/broker")]),
                [ProxyHeaderSeen.Equal("referer", "https://example.com/broker")]),
        ],
    };
}
