using System.Security.Cryptography;
using Sidecar.Signing.Policy;
using Sidecar.Signing;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Kucoin;

/// <summary>Kucoin's rows for the shared signing conformance suites (data only; the checks are in Conformance/).</summary>
internal static class KucoinConformance
{
    // The query is percent-decoded into the prehash.
    private static readonly ConformanceRequest Get = new("GET", "/api/v1/orders", Query: "status=active&symbol=BTC-USDT&tradeType=TRADE&clientOid=a%2Bb+c") { Host = "api.kucoin.com" };

    private static readonly ConformanceRequest Post = new("POST", "/api/v1/orders", Body: "{\"clientOid\":\"fe041e61-435c-4728-8815-8f94d49f1d12\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}", Format: BodyFormat.Json) { Host = "api.kucoin.com" };

    // What the bot sent in the credential headers (kept when well-formed, checked and copied per request).
    private static readonly string?[] BotValues = ["placeholder-key", "AAAA", "1700000000999", "placeholder-passphrase", "3", "ccxt", "BBBB", "true", "ccxt"];

    // The signed passphrase is computed once, in Prepare, outside the measurement.
    private static readonly ConformanceCredentials Key = new("kucoin-api-key", "kucoin-passphrase");

    private const long Now = 1700000000000;

    private static readonly byte[] DocsSecret = System.Text.Encoding.UTF8.GetBytes("api_secret");

    private static readonly ConformanceCredentials DocsKey = new("docs-api-key", "api_passphrase");

    private static ConformanceRequest Json(string path, string json) => new("POST", path, Body: json, Format: BodyFormat.Json);

    // kucoin keeps the bot's KC-API-TIMESTAMP when it is 13 ASCII digits (Unix milliseconds); the key, signature,
    // passphrase, key version and ccxt's partner headers are always replaced or removed.
    private const long BotNow = 1_700_000_000_123;

    private static readonly byte[] BotSecret = System.Text.Encoding.UTF8.GetBytes(TestSecrets.BinanceStyle());

    // 14 or 12 digits, seconds, a leading zero or sign, spaces, a decimal point, not ASCII.
    private static readonly string[] MalformedTimestamps = ["", "abc", "17000000009991", "170000000099", "1700000000", "0700000000999", "+700000000999", " 1700000000999", "1700000000999 ", "1700000000.99", "１700000000999"];

    private static string BotHmac(string text) => Convert.ToBase64String(HMACSHA256.HashData(BotSecret, System.Text.Encoding.UTF8.GetBytes(text)));

    private static BotValueRow Accounts(string @case, string?[] bot, string timestamp) => new(@case, new("GET", "/api/v1/accounts", Query: "type=trade") { BotValues = bot }, BotNow)
    {
        Headers = new Dictionary<string, string> { ["KC-API-TIMESTAMP"] = timestamp },
        SignedText = timestamp + "GET/api/v1/accounts?type=trade",
    };

    private static IEnumerable<BotValueRow> BotValueRows()
    {
        yield return Accounts("kept, everything else replaced", ["placeholder-key", "AAAA", "1700000000999", "placeholder-passphrase", "3", "ccxt", "BBBB", "true", "ccxt"], "1700000000999") with
        {
            Headers = new Dictionary<string, string>
            {
                ["KC-API-TIMESTAMP"] = "1700000000999",
                ["KC-API-KEY"] = "venue-api-key",
                ["KC-API-PASSPHRASE"] = BotHmac("venue-passphrase"),
                ["KC-API-KEY-VERSION"] = "2",
            },
            AbsentHeaders = ["KC-API-PARTNER", "KC-BROKER-NAME"],
        };
        foreach (var sent in MalformedTimestamps)
        {
            yield return Accounts("replaced " + sent, [null, null, sent], "1700000000123");
        }

        yield return Accounts("nothing sent", [], "1700000000123");
        const string body = "{\"clientOid\":\"bot-1\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}";
        yield return new("kept, with the body", Json("/api/v1/orders", body) with { BotValues = [null, null, "1700000000555"] }, BotNow)
        {
            Headers = new Dictionary<string, string> { ["KC-API-TIMESTAMP"] = "1700000000555" },
            SignedText = "1700000000555POST/api/v1/orders" + body,
        };
    }

    public static SchemeConformance Kucoin { get; } = new("kucoin")
    {
        Allocation = AllocationCase.GetAndPost(Get, Post, BotValues, Key),
        // Sources: the one published vector, KuCoin's official universal SDK (github.com/Kucoin/kucoin-universal-sdk,
        // sdk/python/kucoin_universal_sdk/internal/infra/test_default_signer.py): base64(HMAC-SHA256("test_api_secret",
        // "test_plain")) — the passphrase signing Prepare does; and the docs ("Authentication → Signing a Message"),
        // which publish inputs but no signatures (api_secret "api_secret", api_passphrase "api_passphrase", GET
        // /api/v1/accounts, and the URL-encoding example signed decoded): those expected values were computed by an
        // independent implementation (Python's hmac/base64).
        KnownAnswers =
        [
            new("KuCoin SDK's passphrase vector", new("GET", "/api/v1/accounts") { Host = "api.kucoin.com" }, Now)
            {
                Secret = System.Text.Encoding.UTF8.GetBytes("test_api_secret"),
                Credentials = new("docs-api-key", "test_plain"),
                Headers = new Dictionary<string, string> { ["KC-API-PASSPHRASE"] = "jie/gxS38wLFFaBwl/cAzFbAzlI8MIny96jSXrB+iP4=" },
            },
            new("docs example, get accounts", new("GET", "/api/v1/accounts") { Host = "api.kucoin.com" }, Now)
            {
                Secret = DocsSecret,
                Credentials = DocsKey,
                Headers = new Dictionary<string, string>
                {
                    ["KC-API-PASSPHRASE"] = "eNS/KpPhYZX0natiMyxtVdXb0JQDS0x+Eo1HCUkMkvM=",
                    ["KC-API-SIGN"] = "oBpwem5aQo1bcnFK8RE32BbchgdCP/4yMtK3QsuMlbc=",
                    ["KC-API-TIMESTAMP"] = "1700000000000",
                    ["KC-API-KEY-VERSION"] = "2",
                },
            },
            new("docs URL-encoding example, signed decoded", new("GET", "/api/v1/sub/api-key", Query: "apiKey=67b3&subName=test&passphrase=abc%21%40%2311") { Host = "api.kucoin.com" }, Now)
            {
                Secret = DocsSecret,
                Credentials = DocsKey,
                Headers = new Dictionary<string, string> { ["KC-API-SIGN"] = "6VlVZm8fra9JYyVs8+vAP/jyARG1W/vsQtWofReuBeQ=" },
            },
            new("JSON order body", new("POST", "/api/v1/orders", Body: "{\"clientOid\":\"5c52e11203aa677f33e493fb\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"price\":\"20000\",\"size\":\"0.001\"}", Format: BodyFormat.Json) { Host = "api.kucoin.com" }, Now)
            {
                Secret = DocsSecret,
                Credentials = DocsKey,
                Headers = new Dictionary<string, string> { ["KC-API-SIGN"] = "pqUgrDVbjM9YYkjazQmAnHUnwY6Vi20cYKGYkDxnMZU=" },
                SignatureHeader = "KC-API-SIGN",
                Mutation = ("20000", "20001"),
            },
        ],
        Catalog = CatalogRow.Of(
            withdrawal: ["POST /api/v1/withdrawals", "POST /api/v3/withdrawals", "DELETE /api/v1/withdrawals/5bffb63303aa675e8bbe18f9"],
            transfer: ["POST /api/v2/accounts/inner-transfer", "POST /api/v3/accounts/universal-transfer", "POST /api/v3/transfer-out", "POST /api/ua/v1/account/transfer"],
            subAccount: ["POST /api/v2/sub/user/created"],
            apiKeyManagement: ["POST /api/v1/sub/api-key", "POST /api/v1/sub/api-key/update", "DELETE /api/v1/sub/api-key"],
            read: ["GET /api/v1/withdrawals", "GET /api/v1/accounts", "GET /api/ua/v1/account/mode", "GET /api/v3/margin/symbols", "GET /api/v1/isolated/symbols", "GET /api/v1/hf/accounts/opened", "GET /api/v1/orders", "GET /api/v1/account-overview", "POST /api/v1/bullet-private"],
            trade: ["POST /api/v1/orders", "DELETE /api/v1/orders/5bd6e9286d99522a52e458de", "POST /api/v1/hf/orders", "DELETE /api/v1/hf/orders/5bd6e9286d99522a52e458de", "POST /api/ua/v1/unified/order/place"],
            unknown: ["POST /api/v3/margin/borrow", "POST /api/v1/deposit-addresses"]),
        AcceptedFormats = [BodyFormat.None, BodyFormat.Json],
        OrderReads =
        [
            OrderRow.Of(Json("/api/v1/orders", "{\"clientOid\":\"c1\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}"), new OrderFields { Symbol = "BTC-USDT", Side = "buy", Type = "limit", Quantity = 0.002m, Price = 50000m, ClientOrderId = "c1" }),
            // An order without a type is a limit order, as documented.
            OrderRow.Of(Json("/api/v1/hf/orders", "{\"symbol\":\"BTC-USDT\",\"side\":\"buy\",\"size\":\"1\",\"price\":\"1\"}"), new OrderFields { Symbol = "BTC-USDT", Side = "buy", Type = "limit", Quantity = 1m, Price = 1m }),
            // Spot batches carry the symbol at the top.
            OrderRow.Of(
                Json("/api/v1/orders/multi", "{\"symbol\":\"BTC-USDT\",\"orderList\":[{\"clientOid\":\"a\",\"side\":\"buy\",\"type\":\"limit\",\"price\":\"1\",\"size\":\"2\"},{\"clientOid\":\"b\",\"side\":\"sell\",\"type\":\"limit\",\"price\":\"3\",\"size\":\"4\"}]}"),
                new OrderFields { Symbol = "BTC-USDT", Side = "buy", Type = "limit", Quantity = 2m, Price = 1m, ClientOrderId = "a" },
                new OrderFields { Symbol = "BTC-USDT", Side = "sell", Type = "limit", Quantity = 4m, Price = 3m, ClientOrderId = "b" }),
            // Futures batches are an array.
            OrderRow.Of(Json("/api/v1/orders/multi", "[{\"clientOid\":\"a\",\"symbol\":\"XBTUSDTM\",\"side\":\"buy\",\"type\":\"limit\",\"price\":\"1\",\"size\":2,\"leverage\":3}]"), new OrderFields { Symbol = "XBTUSDTM", Side = "buy", Type = "limit", Quantity = 2m, Price = 1m, ClientOrderId = "a" }),
            OrderRow.Unreadable(Json("/api/v1/hf/orders/alter", "{\"symbol\":\"BTC-USDT\"}")),
            OrderRow.Unreadable(Json("/api/v3/oco/order", "{\"symbol\":\"BTC-USDT\"}")),
            OrderRow.Unreadable(Json("/api/ua/v1/unified/order/place", "{\"symbol\":\"BTC-USDT\"}")),
            OrderRow.NoOrder(new("DELETE", "/api/v1/orders/x")),
            OrderRow.NoOrder(Json("/api/ua/v1/account/mode", "{\"accountMode\":\"UNIFIED\"}")),
            OrderRow.Malformed(Json("/api/v1/orders/multi", "{\"symbol\":\"BTC-USDT\"}")),
            OrderRow.Malformed(Json("/api/v1/orders", "{\"symbol\":\"BTC-USDT\",\"price\":\"x\"}")),
        ],
        Access =
        [
            .. AccessRow.Public("GET", "symbol=BTC-USDT", "/api/v2/symbols", "/api/v1/market/allTickers", "/api/v1/market/orderbook/level2_20", "/api/v3/currencies", "/api/v3/currencies/BTC", "/api/v1/timestamp", "/api/v1/contracts/active", "/api/ua/v1/market/instrument"),
            .. AccessRow.Signed("GET /api/v1/accounts", "POST /api/v1/orders", "GET /api/v3/market/orderbook/level2", "GET /api/ua/v1/market/orderbook", "GET /api/v1/hf/accounts/opened", "GET /api/ua/v1/account/mode"),
            AccessRow.Rejected(new("POST", "/api/v1/orders", Body: "symbol=BTC-USDT", Format: BodyFormat.Form)),
            AccessRow.Rejected(new("POST", "/api/v1/orders", Body: "<xml/>", Format: BodyFormat.Other)),
        ],
        Host = "api.kucoin.com",
        VenueCredentials = new("venue-api-key", "venue-passphrase"),
        Declares = new(
            SignatureAlgorithm.HmacSha256,
            [
                "KC-API-KEY", "KC-API-SIGN", "KC-API-TIMESTAMP", "KC-API-PASSPHRASE", "KC-API-KEY-VERSION",
                "KC-API-PARTNER", "KC-API-PARTNER-SIGN", "KC-API-PARTNER-VERIFY", "KC-BROKER-NAME",
            ]) { RequiresPassphrase = true },
        BotValues = [.. BotValueRows()],
        BotValueSigning = new(BotSecret, SignatureAlgorithm.HmacSha256, "KC-API-SIGN", BotHmac),
    };
}
