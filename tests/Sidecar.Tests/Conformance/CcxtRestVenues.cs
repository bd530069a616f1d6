using System.Globalization;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.FakeExchange.Deribit;
using Sidecar.Tests.EndToEnd;
using Sidecar.Tests.EndToEnd.Bitfinex;
using Sidecar.Tests.EndToEnd.Bybit;
using Sidecar.Tests.EndToEnd.CoinbaseAdvanced;
using Sidecar.Tests.EndToEnd.CoinbaseExchange;
using Sidecar.Tests.EndToEnd.Deribit;
using Sidecar.Tests.EndToEnd.Gate;
using Sidecar.Tests.EndToEnd.Kraken;
using Sidecar.Tests.EndToEnd.Kucoin;
using Sidecar.Tests.EndToEnd.Okx;
using Sidecar.Tests.Infrastructure;
using Sidecar.Tests.Signing.CoinbaseAdvanced;

namespace Sidecar.Tests.Conformance;

/// <summary>The rows of <see cref="CcxtRestConformanceTests"/>: each venue's ccxt REST bot and what its run must show.</summary>
internal static class CcxtRestVenues
{
    // Declared before All, which reads it while the class initializes.
    private static readonly string[] BinanceSteps =
        ["loadMarkets", "fetchBalance", "createOrder", "fetchOpenOrders", "cancelOrder", "listenKey", "listenKeyKeepAlive", "listenKeyClose"];

    public static IReadOnlyList<CcxtRestVenue> All { get; } =
    [
        .. Binance("binance-hmac"),
        .. Binance("binance-ed25519"),
        new("bybit", "bybit-bot.mjs", StartBybitAsync,
            ["GET /v5/asset/coin/query-info", "GET /v5/user/query-api", "GET /v5/account/info", "GET /v5/account/wallet-balance", "POST /v5/order/create", "POST /v5/order/cancel"],
            "bybit.com", "/bybit")
        {
            SignedInOrder = false,
            PublicPath = "/v5/market/instruments-info",
            BotEnvironment = new Dictionary<string, string> { ["SIDECAR_VENUE"] = "bybit" },
        },
        new("okx", "okx-bot.mjs", StartOkxAsync,
            ["GET /api/v5/asset/currencies", "GET /api/v5/account/balance", "POST /api/v5/trade/batch-orders", "POST /api/v5/trade/cancel-order"],
            "okx.com", "/okx")
        {
            SignedInOrder = false,
            PublicPath = "/api/v5/public/instruments",
            BotEnvironment = new Dictionary<string, string> { ["SIDECAR_VENUE"] = "okx" },
        },
        new("kucoin", "kucoin-bot.mjs", StartKucoinAsync,
            ["GET /api/ua/v1/account/mode", "GET /api/v3/margin/symbols", "GET /api/v1/isolated/symbols", "GET /api/v1/hf/accounts/opened", "GET /api/v1/accounts", "POST /api/v1/orders", "DELETE /api/v1/orders/{id}"],
            "kucoin.com", "/kucoin")
        {
            SignedInOrder = false,
            IdPaths = ["/api/v1/orders/"],
            PublicPath = "/api/v2/symbols",
            BotEnvironment = new Dictionary<string, string> { ["SIDECAR_VENUE"] = "kucoin" },
        },
        new("gate", "gate-bot.mjs", StartGateAsync,
            ["GET /api/v4/account/detail", "GET /api/v4/spot/accounts", "POST /api/v4/spot/orders", "DELETE /api/v4/spot/orders/{id}"],
            "gateio.ws", "/gate")
        {
            IdPaths = ["/api/v4/spot/orders/"],
            OkStatuses = [200, 201],
        },
        new("kraken", "kraken-bot.mjs", StartKrakenAsync,
            ["POST /0/private/BalanceEx", "POST /0/private/AddOrder", "POST /0/private/CancelOrder"],
            "kraken.com", "/kraken"),
        new("bitfinex", "bitfinex-bot.mjs", StartBitfinexAsync,
            ["POST /v2/auth/r/wallets", "POST /v2/auth/w/order/submit", "POST /v2/auth/w/order/cancel"],
            "bitfinex.com", "/bitfinex"),
        new("coinbase-exchange", "coinbase-exchange-bot.mjs", StartCoinbaseExchangeAsync,
            ["GET /accounts", "POST /orders", "DELETE /orders/{id}"],
            "coinbase.com", "/coinbase")
        {
            IdPaths = ["/orders/"],
        },
        new("coinbase-advanced", "coinbase-advanced-bot.mjs", StartCoinbaseAdvancedAsync,
            ["GET /api/v3/brokerage/transaction_summary", "GET /api/v3/brokerage/accounts", "POST /api/v3/brokerage/orders", "POST /api/v3/brokerage/orders/batch_cancel"],
            "coinbase.com", "/coinbase")
        {
            BotEnvironment = new Dictionary<string, string> { ["PLACEHOLDER_PEM"] = CoinbaseAdvancedAccount.ThrowawayPem() },
        },
        new("deribit", "deribit-bot.mjs", StartDeribitAsync,
            ["GET /api/v2/private/get_account_summaries", "GET /api/v2/private/buy", "GET /api/v2/private/cancel"],
            "deribit.com", "/deribit"),
    ];

    /// <summary>Spot and USD-M, each on its own venue (api.binance.com and fapi.binance.com), with one key type.</summary>
    private static IEnumerable<CcxtRestVenue> Binance(string scheme) =>
    [
        new($"{scheme}/spot", "bot.mjs", token => StartBinanceAsync(token, scheme),
            ["GET /api/v3/account", "POST /api/v3/order", "GET /api/v3/openOrders", "DELETE /api/v3/order"],
            "binance.com", "/binance")
        {
            Steps = [.. BinanceSteps],
            UnsignedMayCarryKey = true,
            BotEnvironment = new Dictionary<string, string> { ["MARKET"] = "spot" },
        },
        new($"{scheme}/usdm", "bot.mjs", token => StartBinanceAsync(token, scheme),
            ["GET /fapi/v3/account", "POST /fapi/v1/order", "GET /fapi/v1/openOrders", "DELETE /fapi/v1/order"],
            "binance.com", "/binance")
        {
            Steps = [.. BinanceSteps],
            UnsignedMayCarryKey = true,
            BotEnvironment = new Dictionary<string, string> { ["MARKET"] = "usdm" },
        },
    ];

    private static async Task<CcxtRestRun> StartBinanceAsync(SoftHsmToken token, string scheme)
    {
        var account = scheme == "binance-ed25519" ? await BinanceAccount.CreateEd25519Async(token) : await BinanceAccount.CreateAsync(token);
        var venues = new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue(scheme, account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.binance.com"),
            ["binance-usdm"] = SidecarUnderTest.Venue(scheme, account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "fapi.binance.com"),
        };
        return new(account, venues, () => [.. account.Exchange.Requests.Select(AsExchangeRequest)],
            [("x-mbx-apikey", account.ApiKey)], [account.Secret, account.ApiKey]);
    }

    /// <summary>The fake Binance records the few headers it cares about as fields: the same checks read them by name.</summary>
    internal static ExchangeRequest AsExchangeRequest(RecordedRequest r)
    {
        var headers = new Dictionary<string, string>();
        if (r.ApiKeyHeader is not null)
        {
            headers["x-mbx-apikey"] = r.ApiKeyHeader;
        }

        if (r.Origin is not null)
        {
            headers["origin"] = r.Origin;
        }

        return new ExchangeRequest(r.Method, r.Path, r.RawQuery, r.Body, headers, r.Signature, r.Status, r.BinanceCode?.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<CcxtRestRun> StartBybitAsync(SoftHsmToken token)
    {
        var account = await BybitAccount.CreateAsync(token);
        return new(account,
            new JsonObject { ["bybit"] = SidecarUnderTest.Venue("bybit-v5", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.bybit.com") },
            () => account.Exchange.Requests,
            [("x-bapi-api-key", account.ApiKey)],
            [account.Secret, account.ApiKey])
        {
            VenueChecks = (seen, _) =>
            {
                // ccxt's sign-type header is not forwarded, and its broker referer is kept on orders.
                Assert.DoesNotContain(seen, r => r.Headers.ContainsKey("x-bapi-sign-type"));
                Assert.All(seen.Where(r => r.Method == "POST"), r => Assert.Equal("CCXT", r.Headers["referer"]));
            },
        };
    }

    private static async Task<CcxtRestRun> StartOkxAsync(SoftHsmToken token)
    {
        var account = await OkxAccount.CreateAsync(token);
        return new(account,
            new JsonObject { ["okx"] = SidecarUnderTest.VenueWithPassphrase("okx-v5", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, account.PassphraseLabel, "www.okx.com") },
            () => account.Exchange.Requests,
            [("ok-access-key", account.ApiKey), ("ok-access-passphrase", account.Passphrase)],
            [account.Secret, account.ApiKey, account.Passphrase])
        {
            VenueChecks = (seen, _) =>
            {
                // ccxt's broker id rides in the signed body: the client order id prefix and the tag.
                var order = Assert.Single(seen, r => r.Path == "/api/v5/trade/batch-orders");
                Assert.Contains("\"clOrdId\":\"6b9ad766b55dBCDE", order.Body, StringComparison.Ordinal);
                Assert.Contains("\"tag\":\"6b9ad766b55dBCDE\"", order.Body, StringComparison.Ordinal);
            },
        };
    }

    private static async Task<CcxtRestRun> StartKucoinAsync(SoftHsmToken token)
    {
        var account = await KucoinAccount.CreateAsync(token);
        return new(account,
            new JsonObject { ["kucoin"] = SidecarUnderTest.VenueWithPassphrase("kucoin", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, account.PassphraseLabel, "api.kucoin.com") },
            () => account.Exchange.Requests,
            [("kc-api-key", account.ApiKey), ("kc-api-key-version", "2")],
            [account.Secret, account.ApiKey, account.Passphrase])
        {
            // ccxt's broker headers sign its placeholder key: Sidecar removes them rather than forward a wrong signature.
            VenueChecks = (seen, _) => Assert.DoesNotContain(seen, r => r.Headers.Keys.Any(name => name.StartsWith("kc-api-partner", StringComparison.Ordinal))),
        };
    }

    private static async Task<CcxtRestRun> StartGateAsync(SoftHsmToken token)
    {
        var account = await GateAccount.CreateAsync(token);
        return new(account,
            new JsonObject { ["gate"] = SidecarUnderTest.Venue("gate-v4", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.gateio.ws") },
            () => account.Exchange.Requests,
            [("key", account.ApiKey)],
            [account.Secret, account.ApiKey]);
    }

    private static async Task<CcxtRestRun> StartKrakenAsync(SoftHsmToken token)
    {
        var account = await KrakenAccount.CreateAsync(token);
        return new(account,
            new JsonObject { ["kraken"] = SidecarUnderTest.Venue("kraken", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.kraken.com") },
            () => account.Exchange.Requests,
            [("api-key", account.ApiKey)],
            [account.SecretBase64, account.ApiKey])
        {
            // ccxt sent millisecond nonces; Sidecar raised them to microseconds, strictly increasing.
            VenueChecks = (_, signed) => MicrosecondNonces(signed.Select(r => KrakenNonce(r.Body)), long.MaxValue),
        };
    }

    /// <summary>ccxt and Sidecar both put Kraken's nonce first in the form body.</summary>
    private static long KrakenNonce(string body)
    {
        Assert.StartsWith("nonce=", body, StringComparison.Ordinal);
        var amp = body.IndexOf('&', StringComparison.Ordinal);
        return long.Parse(body["nonce=".Length..(amp < 0 ? body.Length : amp)], CultureInfo.InvariantCulture);
    }

    private static async Task<CcxtRestRun> StartBitfinexAsync(SoftHsmToken token)
    {
        var account = await BitfinexAccount.CreateAsync(token);
        return new(account, account.Venues(), () => account.Exchange.Requests,
            [("bfx-apikey", account.ApiKey)],
            [account.Secret, account.ApiKey])
        {
            // ccxt sent millisecond nonces; Sidecar set microsecond ones, strictly increasing, below MAX_SAFE_INTEGER.
            VenueChecks = (_, signed) => MicrosecondNonces(signed.Select(r => long.Parse(r.Headers["bfx-nonce"], CultureInfo.InvariantCulture)), 9007199254740991),
        };
    }

    private static void MicrosecondNonces(IEnumerable<long> nonces, long max)
    {
        var list = nonces.ToList();
        Assert.All(list, n => Assert.InRange(n, 1_000_000_000_000_001, max));
        Assert.Equal(list.Order(), list);
        Assert.Equal(list.Count, list.Distinct().Count());
    }

    private static async Task<CcxtRestRun> StartCoinbaseExchangeAsync(SoftHsmToken token)
    {
        var account = await CoinbaseExchangeAccount.CreateAsync(token);
        return new(account, new JsonObject { ["coinbase-exchange"] = account.Venue() }, () => account.Exchange.Requests,
            [("cb-access-key", account.ApiKey), ("cb-access-passphrase", account.Passphrase)],
            [account.Secret, account.ApiKey, account.Passphrase]);
    }

    private static async Task<CcxtRestRun> StartCoinbaseAdvancedAsync(SoftHsmToken token)
    {
        var account = await CoinbaseAdvancedAccount.CreateAsync(token);
        return new(account, new JsonObject { ["coinbase-advanced"] = account.Venue() }, () => account.Exchange.Requests,
            [("authorization", null)], [account.KeyName])
        {
            VenueChecks = (_, signed) => Assert.All(signed, r =>
            {
                // Sidecar's JWT: the real key name, issued by cdp, for exactly this request.
                var jwt = Jwt.FromAuthorization(r.Headers["authorization"]);
                Assert.Equal(account.KeyName, jwt.Header.GetProperty("kid").GetString());
                Assert.Equal(account.KeyName, jwt.Claims.GetProperty("sub").GetString());
                Assert.Equal("cdp", jwt.Claims.GetProperty("iss").GetString());
                Assert.Equal($"{r.Method} api.coinbase.com{r.Path}", jwt.Claims.GetProperty("uri").GetString());
            }),
        };
    }

    private static async Task<CcxtRestRun> StartDeribitAsync(SoftHsmToken token)
    {
        var account = await DeribitAccount.CreateAsync(token);
        return new(account, new JsonObject { ["deribit"] = account.Venue() }, () => account.Exchange.Requests,
            [("authorization", null)], [account.ClientSecret])
        {
            VenueChecks = (_, signed) =>
            {
                Assert.All(signed, r => Assert.Equal(account.ClientId, DeribitSignature.ParseAuthorization(r.Headers["authorization"])!["id"]));
                Assert.StartsWith("instrument_name=BTC-PERPETUAL&amount=10&type=limit&price=50000", signed[1].RawQuery, StringComparison.Ordinal);
            },
        };
    }
}
