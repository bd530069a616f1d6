using System.Security.Cryptography;
using Sidecar.Signing.Policy;
using Sidecar.Signing;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bybit;

/// <summary>Bybit's rows for the shared signing conformance suites (data only; the checks are in Conformance/).</summary>
internal static class BybitConformance
{
    private static readonly ConformanceRequest Get = new("GET", "/v5/order/realtime", Query: "category=spot&symbol=BTCUSDT&openOnly=0&limit=50") { Host = "api.bybit.com" };

    private static readonly ConformanceRequest Post = new("POST", "/v5/order/create", Body: "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\",\"orderLinkId\":\"x-abc123\"}", Format: BodyFormat.Json) { Host = "api.bybit.com" };

    // What the bot sent in the credential headers (kept when well-formed, checked and copied per request).
    private static readonly string?[] BotValues = ["placeholder-key", "1700000000999", "20000", "0000", "2"];

    private static readonly ConformanceCredentials Key = new("bybit-api-key");

    // The docs' example values.
    private const long DocsTimestamp = 1658384314791;
    private const string DocsApiKey = "XXXXXXXXXX";

    private static readonly byte[] Secret = System.Text.Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());

    private static string Reference(string plainText) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Secret, System.Text.Encoding.UTF8.GetBytes(plainText)));

    private static ConformanceRequest Json(string path, string json) => new("POST", path, Body: json, Format: BodyFormat.Json);

    // bybit-v5 keeps the bot's X-BAPI-TIMESTAMP (13 digits) and X-BAPI-RECV-WINDOW (1–6 digits) when well-formed;
    // it replaces everything else the bot sent in its credential headers.
    private const long BotNow = 1_700_000_000_123;

    private static readonly byte[] BotSecret = System.Text.Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());

    // 14 or 12 digits, a leading zero or sign, spaces, a decimal point, a letter, not ASCII.
    private static readonly string[] MalformedTimestamps = ["", "abc", "17000000009991", "170000000099", "0700000000999", "+700000000999", "-700000000999", " 1700000000999", "1700000000999 ", "1700000000.99", "17000000009a9", "１700000000999"];

    // Empty, zero, a leading zero, 7 digits, units, a sign, an exponent, a decimal point.
    private static readonly string[] MalformedWindows = ["", "0", "05000", "1000000", "5000ms", "-5000", "5e3", "5000.0"];

    private static string?[] Bot(string? key = null, string? timestamp = null, string? recvWindow = null, string? sign = null, string? signType = null) =>
        [key, timestamp, recvWindow, sign, signType];

    private static BotValueRow Balance(string @case, string?[] bot, string timestamp, string window) => new(@case, new("GET", "/v5/account/wallet-balance", Query: "accountType=UNIFIED") { BotValues = bot }, BotNow)
    {
        Headers = new Dictionary<string, string> { ["X-BAPI-TIMESTAMP"] = timestamp, ["X-BAPI-RECV-WINDOW"] = window, ["X-BAPI-API-KEY"] = "venue-api-key" },
        SignedText = timestamp + "venue-api-key" + window + "accountType=UNIFIED",
    };

    private static IEnumerable<BotValueRow> BotValueRows()
    {
        yield return Balance("kept, everything else replaced", Bot("placeholder-key", "1700000000999", "20000", "00ff", "2"), "1700000000999", "20000") with { AbsentHeaders = ["X-BAPI-SIGN-TYPE"] };
        foreach (var sent in MalformedTimestamps)
        {
            // The receive window is judged on its own.
            yield return Balance("timestamp replaced " + sent, Bot(timestamp: sent, recvWindow: "20000"), "1700000000123", "20000");
        }

        foreach (var sent in MalformedWindows)
        {
            yield return Balance("window replaced " + sent, Bot(timestamp: "1700000000999", recvWindow: sent), "1700000000999", "5000");
        }

        yield return Balance("one-digit window kept", Bot(recvWindow: "1"), "1700000000123", "1");
        yield return Balance("six-digit window kept", Bot(recvWindow: "999999"), "1700000000123", "999999");
        yield return Balance("nothing sent", [], "1700000000123", "5000");
        const string body = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\"}";
        yield return new("kept, with the body", Json("/v5/order/create", body) with { BotValues = Bot(timestamp: "1700000000555") }, BotNow)
        {
            Headers = new Dictionary<string, string> { ["X-BAPI-TIMESTAMP"] = "1700000000555" },
            SignedText = "1700000000555venue-api-key5000" + body,
        };
    }

    public static SchemeConformance V5 { get; } = new("bybit-v5")
    {
        Allocation = AllocationCase.GetAndPost(Get, Post, BotValues, Key),
        // Bybit's V5 docs ("Integration Guidance → Authentication") publish the rule and the plain text
        // ("1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C") but no secret and no signature: the
        // expected value is computed by an independent implementation (.NET's HMACSHA256 over the plain text spelled
        // out from the docs) with a per-run secret. The POST body is the docs' "Place Order" spot example.
        KnownAnswers =
        [
            new("docs plain text, GET", new("GET", "/v5/order/realtime", Query: "category=option&symbol=BTC-29JUL22-25000-C") { Host = "api.bybit.com" }, DocsTimestamp)
            {
                Secret = Secret,
                Credentials = new(DocsApiKey),
                Headers = new Dictionary<string, string>
                {
                    ["X-BAPI-TIMESTAMP"] = "1658384314791",
                    ["X-BAPI-RECV-WINDOW"] = "5000",
                    ["X-BAPI-API-KEY"] = DocsApiKey,
                },
                Reference = signed => new Dictionary<string, string> { ["X-BAPI-SIGN"] = Reference("1658384314791XXXXXXXXXX5000" + signed.Request.Query) },
                SignatureHeader = "X-BAPI-SIGN",
                Mutation = ("25000", "25001"),
            },
            new("docs plain text, POST", new("POST", "/v5/order/create", Body: "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"15600\",\"timeInForce\":\"PostOnly\",\"orderLinkId\":\"spot-test-postonly\",\"isLeverage\":0,\"orderFilter\":\"Order\"}", Format: BodyFormat.Json) { Host = "api.bybit.com" }, DocsTimestamp)
            {
                Secret = Secret,
                Credentials = new(DocsApiKey),
                Reference = signed => new Dictionary<string, string> { ["X-BAPI-SIGN"] = Reference("1658384314791XXXXXXXXXX5000" + signed.Request.Body) },
            },
        ],
        Catalog = CatalogRow.Of(
            withdrawal: ["POST /v5/asset/withdraw/create", "POST /v5/asset/withdraw/cancel"],
            transfer: ["POST /v5/asset/transfer/inter-transfer", "POST /v5/asset/transfer/universal-transfer", "POST /v5/position/move-positions"],
            subAccount: ["POST /v5/user/create-sub-member"],
            apiKeyManagement: ["POST /v5/user/create-sub-api", "POST /v5/user/update-api", "POST /v5/user/delete-api"],
            read: ["GET /v5/asset/withdraw/query-record", "GET /v5/asset/coin/query-info", "GET /v5/user/query-api", "GET /v5/account/info", "GET /v5/account/wallet-balance", "GET /v5/order/realtime", "GET /v5/position/list"],
            trade: ["POST /v5/order/create", "POST /v5/order/cancel", "POST /v5/order/create-batch", "POST /v5/position/set-leverage"],
            unknown: ["POST /v5/account/borrow", "POST /v5/asset/exchange/convert-execute"]),
        AcceptedFormats = [BodyFormat.None, BodyFormat.Json],
        OrderReads =
        [
            OrderRow.Of(Json("/v5/order/create", "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":50000,\"orderLinkId\":\"bot-1\"}"), new OrderFields { Symbol = "BTCUSDT", Side = "Buy", Type = "Limit", Quantity = 0.002m, Price = 50000m, ClientOrderId = "bot-1" }),
            OrderRow.Of(
                Json("/v5/order/create-batch", "{\"category\":\"linear\",\"request\":[{\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"1\",\"price\":\"10\"},{\"symbol\":\"ETHUSDT\",\"side\":\"Sell\",\"orderType\":\"Market\",\"qty\":\"2\"}]}"),
                new OrderFields { Symbol = "BTCUSDT", Side = "Buy", Type = "Limit", Quantity = 1m, Price = 10m },
                new OrderFields { Symbol = "ETHUSDT", Side = "Sell", Type = "Market", Quantity = 2m }),
            OrderRow.Unreadable(Json("/v5/order/amend", "{\"symbol\":\"BTCUSDT\"}")),
            OrderRow.Unreadable(Json("/v5/order/amend-batch", "{\"symbol\":\"BTCUSDT\"}")),
            OrderRow.Unreadable(Json("/v5/position/trading-stop", "{\"symbol\":\"BTCUSDT\"}")),
            OrderRow.NoOrder(Json("/v5/order/cancel", "{}")),
            OrderRow.NoOrder(new("GET", "/v5/order/realtime", Body: "{}", Format: BodyFormat.Json)),
            OrderRow.Malformed(Json("/v5/order/create", "{\"symbol\":\"BTCUSDT\",\"qty\":\"lots\"}")),
            OrderRow.Malformed(Json("/v5/order/create", "[1,2]")),
            OrderRow.Malformed(Json("/v5/order/create", "{\"symbol\":{\"a\":1}}")),
        ],
        Access =
        [
            .. AccessRow.Public("GET", "category=spot", "/v5/market/instruments-info", "/v5/market/tickers", "/v5/market/time", "/v5/announcements/index", "/v5/system/status", "/spot/v3/public/symbols"),
            .. AccessRow.Signed("GET /v5/account/wallet-balance", "GET /v5/asset/coin/query-info", "POST /v5/order/create", "GET /v5/unknown/endpoint", "GET /v5/marketing"),
            // Requests Bybit would not sign as sent: not JSON, a query with a body, a body on a GET, a DELETE.
            AccessRow.Rejected(new("POST", "/v5/order/create", Body: "symbol=BTCUSDT", Format: BodyFormat.Form)),
            AccessRow.Rejected(new("POST", "/v5/order/create", Body: "<xml/>", Format: BodyFormat.Other)),
            AccessRow.Rejected(new("POST", "/v5/order/create", Query: "category=spot", Body: "{}", Format: BodyFormat.Json)),
            AccessRow.Rejected(new("GET", "/v5/order/create", Query: "category=spot", Body: "{}", Format: BodyFormat.Json)),
            AccessRow.Rejected(new("DELETE", "/v5/order/create", Query: "category=spot")),
        ],
        Host = "api.bybit.com",
        BotValues = [.. BotValueRows()],
        BotValueSigning = new(BotSecret, SignatureAlgorithm.HmacSha256, "X-BAPI-SIGN", text => Convert.ToHexStringLower(HMACSHA256.HashData(BotSecret, System.Text.Encoding.UTF8.GetBytes(text)))),
        Declares = new(SignatureAlgorithm.HmacSha256, ["X-BAPI-API-KEY", "X-BAPI-TIMESTAMP", "X-BAPI-RECV-WINDOW", "X-BAPI-SIGN", "X-BAPI-SIGN-TYPE"]),
    };
}
