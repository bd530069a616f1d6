using System.Security.Cryptography;
using Sidecar.Signing.Policy;
using Sidecar.Signing;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Okx;

/// <summary>Okx's rows for the shared signing conformance suites (data only; the checks are in Conformance/).</summary>
internal static class OkxConformance
{
    private static readonly ConformanceRequest Get = new("GET", "/api/v5/trade/orders-pending", Query: "instType=SPOT&instId=BTC-USDT&limit=50") { Host = "www.okx.com" };

    private static readonly ConformanceRequest Post = new("POST", "/api/v5/trade/batch-orders", Body: "[{\"instId\":\"BTC-USDT\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"tdMode\":\"cash\",\"px\":\"50000\",\"clOrdId\":\"6b9ad766b55dBCDE8874d2ecd46d839d\",\"tag\":\"6b9ad766b55dBCDE\"}]", Format: BodyFormat.Json) { Host = "www.okx.com" };

    // What the bot sent in the credential headers (kept when well-formed, checked and copied per request).
    private static readonly string?[] BotValues = ["placeholder-key", "AAAA", "2026-11-22T15:03:51.007Z", "placeholder-passphrase"];

    private static readonly ConformanceCredentials Key = new("okx-api-key", "okx-passphrase");

    private static readonly byte[] DocsSecret = System.Text.Encoding.UTF8.GetBytes("22582BD0CFF14C41EDBF1AB98506286D");

    private const long DocsTimestamp = 1607418537715; // 2020-12-08T09:08:57.715Z

    private static readonly ConformanceCredentials DocsKey = new("docs-api-key", "docs-passphrase");

    private static ConformanceRequest Json(string path, string json) => new("POST", path, Body: json, Format: BodyFormat.Json);

    // okx-v5 keeps the bot's OK-ACCESS-TIMESTAMP when it is exactly yyyy-MM-ddTHH:mm:ss.fffZ (a real date and time).
    private const long BotNow = 1607418537715; // 2020-12-08T09:08:57.715Z
    private const string BotNowIso = "2020-12-08T09:08:57.715Z";

    private static readonly byte[] BotSecret = System.Text.Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());

    private static readonly string[] KeptTimestamps = ["2026-11-22T15:03:51.007Z", "2024-02-29T23:59:59.999Z", "2020-12-08T00:00:00.000Z"];

    // Not ISO 8601 with milliseconds and Z, not a real date or time, or not ASCII.
    private static readonly string[] MalformedTimestamps = ["", "1607418537715", "2026-11-22T15:03:51.007", "2026-11-22T15:03:51Z", "2026-11-22T15:03:51.0070Z", "2026-11-22T15:03:51.07Z", "2026-11-22t15:03:51.007z", "2026-11-22T15:03:51.007+00:00", "2026-11-22 15:03:51.007Z", " 2026-11-22T15:03:51.007Z", "2026-11-22T15:03:51.007Z ", "2026-13-22T15:03:51.007Z", "2026-00-22T15:03:51.007Z", "2026-11-31T15:03:51.007Z", "2023-02-29T15:03:51.007Z", "2026-11-00T15:03:51.007Z", "2026-11-22T24:00:00.000Z", "2026-11-22T15:60:51.007Z", "2026-11-22T15:03:60.007Z", "0000-11-22T15:03:51.007Z", "2026-1a-22T15:03:51.007Z", "2026-11-22T15:03:51.0a7Z", "+026-11-22T15:03:51.007Z", "2026/11/22T15:03:51.007Z", "２026-11-22T15:03:51.007Z"];

    private static BotValueRow Balance(string @case, string?[] bot, string timestamp) => new(@case, new("GET", "/api/v5/account/balance") { BotValues = bot }, BotNow)
    {
        Headers = new Dictionary<string, string>
        {
            ["OK-ACCESS-TIMESTAMP"] = timestamp,
            ["OK-ACCESS-KEY"] = "venue-api-key",
            ["OK-ACCESS-PASSPHRASE"] = "venue-passphrase",
        },
        SignedText = timestamp + "GET/api/v5/account/balance",
    };

    private static IEnumerable<BotValueRow> BotValueRows()
    {
        foreach (var sent in KeptTimestamps)
        {
            yield return Balance("kept " + sent, ["placeholder-key", "AAAA", sent, "placeholder-passphrase"], sent);
        }

        foreach (var sent in MalformedTimestamps)
        {
            yield return Balance("replaced " + sent, [null, null, sent, null], BotNowIso);
        }

        yield return Balance("nothing sent", [], BotNowIso);
        const string body = "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\"}";
        yield return new("kept, with the body", Json("/api/v5/trade/order", body) with { BotValues = [null, null, "2026-11-22T15:03:51.007Z", null] }, BotNow)
        {
            Headers = new Dictionary<string, string> { ["OK-ACCESS-TIMESTAMP"] = "2026-11-22T15:03:51.007Z" },
            SignedText = "2026-11-22T15:03:51.007ZPOST/api/v5/trade/order" + body,
        };
    }

    public static SchemeConformance V5 { get; } = new("okx-v5")
    {
        Allocation = AllocationCase.GetAndPost(Get, Post, BotValues, Key),
        // OKX's docs ("Overview → REST Authentication → Signature"): example SecretKey, timestamp 2020-12-08T09:08:57.715Z,
        // GET /api/v5/account/balance?ccy=BTC and the set-leverage body. The docs publish no resulting signature: the
        // expected values were computed by an independent implementation (Python's hmac/base64).
        KnownAnswers =
        [
            new("docs GET inputs, signature from Python", new("GET", "/api/v5/account/balance", Query: "ccy=BTC") { Host = "www.okx.com" }, DocsTimestamp)
            {
                Secret = DocsSecret,
                Credentials = DocsKey,
                Headers = new Dictionary<string, string>
                {
                    ["OK-ACCESS-TIMESTAMP"] = "2020-12-08T09:08:57.715Z",
                    ["OK-ACCESS-SIGN"] = "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=",
                },
            },
            new("docs POST inputs, signature from Python", new("POST", "/api/v5/account/set-leverage", Body: "{\"instId\":\"BTC-USDT\",\"lever\":\"5\",\"mgnMode\":\"isolated\"}", Format: BodyFormat.Json) { Host = "www.okx.com" }, DocsTimestamp)
            {
                Secret = DocsSecret,
                Credentials = DocsKey,
                Headers = new Dictionary<string, string> { ["OK-ACCESS-SIGN"] = "eCnnCgWLjlQ9XnpUkrcny3qNq3WW/81KNrDr/XR6Xv8=" },
                SignatureHeader = "OK-ACCESS-SIGN",
                Mutation = ("\"5\"", "\"6\""),
            },
        ],
        Catalog = CatalogRow.Of(
            withdrawal: ["POST /api/v5/asset/withdrawal", "POST /api/v5/asset/withdrawal-lightning", "POST /api/v5/fiat/create-withdrawal"],
            transfer: ["POST /api/v5/asset/transfer", "POST /api/v5/asset/subaccount/transfer"],
            subAccount: ["POST /api/v5/users/subaccount/create-subaccount", "POST /api/v5/broker/nd/create-subaccount"],
            apiKeyManagement: ["POST /api/v5/users/subaccount/apikey", "POST /api/v5/users/subaccount/delete-apikey", "POST /api/v5/broker/nd/subaccount/apikey"],
            read: ["GET /api/v5/asset/currencies", "GET /api/v5/asset/withdrawal-history", "GET /api/v5/account/balance", "GET /api/v5/trade/orders-pending"],
            trade: ["POST /api/v5/trade/order", "POST /api/v5/trade/batch-orders", "POST /api/v5/trade/cancel-order", "POST /api/v5/account/set-leverage"],
            unknown: ["POST /api/v5/trade/easy-convert", "POST /api/v5/finance/savings/purchase-redempt"]),
        AcceptedFormats = [BodyFormat.None, BodyFormat.Json],
        OrderReads =
        [
            OrderRow.Of(Json("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\",\"clOrdId\":\"b1\"}"), new OrderFields { Symbol = "BTC-USDT", Side = "buy", Type = "limit", Quantity = 0.002m, Price = 50000m, ClientOrderId = "b1" }),
            // A batch array, as ccxt sends it.
            OrderRow.Of(
                Json("/api/v5/trade/batch-orders", "[{\"instId\":\"BTC-USDT\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"tdMode\":\"cash\",\"tgtCcy\":\"base_ccy\",\"px\":\"50000\",\"clOrdId\":\"6b9ad766b55dBCDE8874d2ecd46d839d\",\"tag\":\"6b9ad766b55dBCDE\"},{\"instId\":\"ETH-USDT\",\"side\":\"sell\",\"ordType\":\"market\",\"sz\":\"1\"}]"),
                new OrderFields { Symbol = "BTC-USDT", Side = "buy", Type = "limit", Quantity = 0.002m, Price = 50000m, ClientOrderId = "6b9ad766b55dBCDE8874d2ecd46d839d" },
                new OrderFields { Symbol = "ETH-USDT", Side = "sell", Type = "market", Quantity = 1m }),
            OrderRow.Unreadable(Json("/api/v5/trade/amend-order", "{\"instId\":\"BTC-USDT\"}")),
            OrderRow.Unreadable(Json("/api/v5/trade/close-position", "{\"instId\":\"BTC-USDT\"}")),
            OrderRow.Unreadable(Json("/api/v5/sprd/order", "{\"instId\":\"BTC-USDT\"}")),
            OrderRow.Unreadable(Json("/api/v5/tradingBot/grid/order-algo", "{\"instId\":\"BTC-USDT\"}")),
            OrderRow.NoOrder(Json("/api/v5/trade/cancel-order", "{\"instId\":\"BTC-USDT\",\"ordId\":\"1\"}")),
            OrderRow.NoOrder(Json("/api/v5/tradingBot/grid/min-investment", "{}")),
            OrderRow.Malformed(Json("/api/v5/trade/batch-orders", "{\"instId\":\"BTC-USDT\"}")),
            OrderRow.Malformed(Json("/api/v5/trade/order", "{\"instId\":\"BTC-USDT\",\"sz\":\"-\"}")),
            OrderRow.Malformed(Json("/api/v5/trade/order", "not json")),
        ],
        Access =
        [
            .. AccessRow.Public("GET", "instType=SPOT", "/api/v5/public/instruments", "/api/v5/public/time", "/api/v5/market/tickers", "/api/v5/market/books", "/api/v5/rubik/stat/taker-volume", "/api/v5/system/status"),
            .. AccessRow.Signed("GET /api/v5/account/balance", "GET /api/v5/asset/currencies", "POST /api/v5/trade/order", "GET /api/v5/support/announcements", "GET /api/v5/publicity"),
            AccessRow.Rejected(new("POST", "/api/v5/trade/order", Body: "instId=BTC-USDT", Format: BodyFormat.Form)),
            AccessRow.Rejected(new("POST", "/api/v5/trade/order", Body: "<xml/>", Format: BodyFormat.Other)),
        ],
        Host = "www.okx.com",
        VenueCredentials = new("venue-api-key", "venue-passphrase"),
        Declares = new(SignatureAlgorithm.HmacSha256, ["OK-ACCESS-KEY", "OK-ACCESS-SIGN", "OK-ACCESS-TIMESTAMP", "OK-ACCESS-PASSPHRASE"]) { RequiresPassphrase = true },
        BotValues = [.. BotValueRows()],
        BotValueSigning = new(BotSecret, SignatureAlgorithm.HmacSha256, "OK-ACCESS-SIGN", text => Convert.ToBase64String(HMACSHA256.HashData(BotSecret, System.Text.Encoding.UTF8.GetBytes(text)))),
    };
}
