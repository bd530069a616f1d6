using System.Security.Cryptography;
using System.Text;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kucoin;

/// <summary>KuCoin's row in the proxy conformance suite (<see cref="ProxyConformanceTests"/>): key version 2, signed passphrase.</summary>
internal static class KucoinProxyCases
{
    public const string Order = "{\"clientOid\":\"bot-1\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}";

    public static ProxyVenue Row { get; } = new()
    {
        Exchange = "KuCoin", Route = "kucoin", Host = "api.kucoin.com",
        PolicyTests = typeof(Policy.KucoinProxyPolicyTests),
        MoreVenues = [],
        CreateAccountAsync = ProxyAccount.Start(token => KucoinAccount.CreateAsync(token), a => a.Exchange.Requests, (a, host) => SidecarUnderTest.VenueWithPassphrase("kucoin", a.Exchange.BaseAddress, a.ApiKey, a.KeyLabel, a.PassphraseLabel, host), a => [a.Secret, a.Passphrase, SignedPassphrase(a), a.ApiKey]),
        SignedRead = ProxyRequest.Get("/api/v1/accounts?type=trade"), ReadPath = "/api/v1/accounts", ReadQuery = "type=trade", AppendedToQuery = null,
        MoreRouteForms = [],
        PublicRead = new("/kucoin/api/v2/symbols", "/api/v2/symbols", "", [("KC-API-KEY", "placeholder-key"), ("KC-API-PARTNER", "ccxt")], ["kc-"]),
        UnsignableBodies = [new("POST", "/kucoin/api/v1/orders", "symbol=BTC-USDT&side=buy", "application/x-www-form-urlencoded"), new("POST", "/kucoin/api/v1/orders", "symbol=BTC-USDT", "text/plain")],
        RefusedByDefaultProfile = [ProxyRequest.Post("/kucoin/api/v3/withdrawals", "{\"currency\":\"USDT\",\"toAddress\":\"0xabc\",\"amount\":\"100\",\"withdrawType\":\"ADDRESS\"}"), ProxyRequest.Post("/kucoin/api/v3/accounts/universal-transfer", "{\"clientOid\":\"x\",\"type\":\"INTERNAL\",\"currency\":\"USDT\",\"amount\":\"1\",\"fromAccountType\":\"MAIN\",\"toAccountType\":\"TRADE\"}"), ProxyRequest.Post("/kucoin/api/v1/sub/api-key", "{\"subName\":\"s\",\"passphrase\":\"p\",\"remark\":\"r\"}")],
        Order = ProxyRequest.Post("/kucoin/api/v1/orders", Order),
        Guards = new("/api/v1/orders", "BTC-USDT", "{\"clientOid\":\"g-1\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}", "{\"clientOid\":\"g-2\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.5\",\"price\":\"50000\"}", "{\"clientOid\":\"g-3\",\"side\":\"buy\",\"symbol\":\"ETH-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}"),
        DirectSigning = new()
        {
            Script = "kucoin-bot.mjs", Env = "KUCOIN",
            CreateAccountAsync = async () => { var a = await KucoinAccount.CreateAsync(token: null); return new(a, a.Exchange.BaseAddress, a.ApiKey, a.Secret, a.Passphrase, () => a.Exchange.Requests); },
            WrongSecret = _ => Guid.NewGuid().ToString(),
            SignedCalls = 7, SignedCallsAtLeast = false, Every200 = true, SignedCallHeaders = [("kc-api-partner-verify", "true")],
            WrongSecretError = "400004", WrongSecretErrorCode = null,
        },
        NeverLogged = [],
        // KuCoin's cases for ProxyBotCredentialsTests: a signed passphrase (key version 2), and ccxt's partner headers, which must not reach KuCoin.
        BotCredentials =
        [
            new("an unsigned accounts query signed and accepted", ProxyBotRequest.Unsigned(ProxyRequest.Get("/kucoin/api/v1/accounts?type=trade")), [ProxyHeaderSeen.Account<KucoinAccount>("kc-api-key", a => a.ApiKey), ProxyHeaderSeen.Account<KucoinAccount>("kc-api-passphrase", SignedPassphrase), ProxyHeaderSeen.Equal("kc-api-key-version", "2")])
            {
                Path = "/api/v1/accounts", Query = "type=trade", Answer = answer => Assert.Equal("200000", answer.GetProperty("code").GetString()),
            },

            // Reserved characters only: System.Uri would itself decode escaped unreserved ones before sending.
            new("a percent-encoded query forwarded as sent and signed decoded", ProxyBotRequest.Unsigned(ProxyRequest.Get("/kucoin/api/v1/accounts?type=trade&tag=a%21b%2Cc+d")), []) { Query = "type=trade&tag=a%21b%2Cc+d" },
            new("an unsigned limit order in a JSON body signed and accepted", ProxyBotRequest.Unsigned(ProxyRequest.Post("/kucoin/api/v1/orders", Order)), [])
            {
                BodyAsSent = true, Answer = answer => Assert.False(string.IsNullOrEmpty(answer.GetProperty("data").GetProperty("orderId").GetString())),
            },
            new(
                "credentials and ccxt's partner headers replaced or removed, timestamp kept",
                () => new(ProxyRequest.Get("/kucoin/api/v1/accounts"), [("KC-API-KEY", "placeholder-key"), ("KC-API-SIGN", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), ("KC-API-TIMESTAMP", ProxyBotClock.UnixMilliseconds()), ("KC-API-PASSPHRASE", "placeholder-passphrase"), ("KC-API-KEY-VERSION", "3"), ("KC-API-PARTNER", "ccxt"), ("KC-API-PARTNER-SIGN", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB="), ("KC-API-PARTNER-VERIFY", "true")]),
                [ProxyHeaderSeen.Account<KucoinAccount>("kc-api-key", a => a.ApiKey), ProxyHeaderSeen.Account<KucoinAccount>("kc-api-passphrase", SignedPassphrase), ProxyHeaderSeen.Equal("kc-api-key-version", "2"), ProxyHeaderSeen.AsSent("kc-api-timestamp"), ProxyHeaderSeen.NoneStartingWith("kc-api-partner")]),
            new(
                "a malformed timestamp replaced",
                () => new(ProxyRequest.Get("/kucoin/api/v1/accounts"), [("KC-API-TIMESTAMP", "1499827319559000")]),
                [ProxyHeaderSeen.Matches("kc-api-timestamp", "^[1-9][0-9]{12}$")]),
        ],
    };

    /// <summary>The passphrase as key version 2 sends it: HMAC-SHA256 of it under the secret, base64.</summary>
    public static string SignedPassphrase(KucoinAccount account) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(account.Secret), Encoding.UTF8.GetBytes(account.Passphrase)));
}
