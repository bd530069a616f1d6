using System.Security.Cryptography;
using Sidecar.Signing.Policy;
using Sidecar.Signing;
using Sidecar.Tests.Conformance;

namespace Sidecar.Tests.Signing.Gate;

/// <summary>Gate's rows for the shared signing conformance suites (data only; the checks are in Conformance/).</summary>
internal static class GateConformance
{
    private static readonly ConformanceRequest Post = new("POST", "/api/v4/spot/orders", Body: "{\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"side\":\"buy\",\"amount\":\"0.002\",\"price\":\"50000\"}", Format: BodyFormat.Json);

    private static readonly ConformanceRequest Get = new("GET", "/api/v4/spot/orders", Query: "currency_pair=BTC_USDT&status=open&text=t-a%2Fb");

    // What the bot sent in the credential headers (a kept timestamp is checked and copied per request).
    private static readonly string?[] BotValues = ["placeholder-key", "1700000042.123456", new string('0', 128)];

    private const long DocsTimestampMillis = 1_541_993_715_000;

    private static readonly byte[] DocsSecret = System.Text.Encoding.UTF8.GetBytes("secret");

    private static ConformanceRequest Json(string path, string json) => new("POST", path, Body: json, Format: BodyFormat.Json);

    // gate-v4 keeps the bot's Timestamp when it is Unix seconds (10 digits, optionally '.' and 1–9 digits, as Gate's
    // Python SDK sends); the bot's KEY and SIGN are always replaced.
    private const long BotNow = 1_700_000_000_987; // → Timestamp 1700000000

    private static readonly byte[] BotSecret = System.Text.Encoding.ASCII.GetBytes(RandomNumberGenerator.GetHexString(64, lowercase: true));

    private static readonly string[] KeptTimestamps = ["1700000042", "1700000042.5", "1700000042.123456789", "9999999999"];

    // A dot without a fraction, ten fractional digits, 9/11/12/13 digits, a leading zero or sign, spaces, not ASCII …
    private static readonly string[] MalformedTimestamps = ["", "abc", "1700000042.", "1700000042.1234567890", "17000000421", "170000004212", "1700000042000", "170000004", "0700000042", "1700000042,5", "1.7e9", "-1700000042", "+1700000042", " 1700000042", "1700000042 ", "1700000042.5.", "1700000042.5a", "170000004.25", "１700000042"];

    /// <summary>Gate's docs: METHOD\nURL\nquery\nhex(SHA512(body))\nTimestamp.</summary>
    private static string SignatureString(string method, string path, string query, string body, string timestamp) =>
        $"{method}\n{path}\n{query}\n{Convert.ToHexStringLower(SHA512.HashData(System.Text.Encoding.UTF8.GetBytes(body)))}\n{timestamp}";

    private static BotValueRow Accounts(string @case, string?[] bot, string timestamp) => new(@case, new("GET", "/api/v4/spot/accounts", Query: "currency=BTC") { BotValues = bot }, BotNow)
    {
        Headers = new Dictionary<string, string> { ["Timestamp"] = timestamp, ["KEY"] = "venue-api-key" },
        SignedText = SignatureString("GET", "/api/v4/spot/accounts", "currency=BTC", "", timestamp),
    };

    private static IEnumerable<BotValueRow> BotValueRows()
    {
        foreach (var sent in KeptTimestamps)
        {
            yield return Accounts("kept " + sent, ["placeholder-key", sent, new string('0', 128)], sent);
        }

        foreach (var sent in MalformedTimestamps)
        {
            yield return Accounts("replaced " + sent, [null, sent, null], "1700000000");
        }

        yield return Accounts("nothing sent", [], "1700000000");
        const string body = "{\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"account\":\"spot\",\"side\":\"buy\",\"amount\":\"0.002\",\"price\":\"50000\"}";
        yield return new("kept, with the body hash", Json("/api/v4/spot/orders", body) with { BotValues = [null, "1700000007"] }, BotNow)
        {
            Headers = new Dictionary<string, string> { ["Timestamp"] = "1700000007" },
            SignedText = SignatureString("POST", "/api/v4/spot/orders", "", body, "1700000007"),
        };
    }

    public static SchemeConformance V4 { get; } = new("gate-v4")
    {
        Allocation =
        [
            new(Post, SessionKeyCopies: true),
            new(Get, SessionKeyCopies: false),
            new(Post with { BotValues = BotValues }, SessionKeyCopies: true),
            new(Get with { BotValues = BotValues }, SessionKeyCopies: false),
        ],
        // Gate's docs (gate.com/docs/developers/apiv4, "API Signature string generation" → "Examples": key "key",
        // secret "secret", Timestamp 1541993715).
        KnownAnswers =
        [
            new("docs example 1, list all orders", new("GET", "/api/v4/futures/orders", Query: "contract=BTC_USD&status=finished&limit=50"), DocsTimestampMillis)
            {
                Secret = DocsSecret,
                Credentials = new("key"),
                HeaderNames = ["KEY", "Timestamp", "SIGN"],
                Headers = new Dictionary<string, string>
                {
                    ["KEY"] = "key",
                    ["Timestamp"] = "1541993715",
                    ["SIGN"] = "55f84ea195d6fe57ce62464daaa7c3c02fa9d1dde954e4c898289c9a2407a3d6fb3faf24deff16790d726b66ac9f74526668b13bd01029199cc4fcc522418b8a",
                },
                SignatureHeader = "SIGN",
                Mutation = ("limit=50", "limit=51"),
            },
            new("docs example 2, create an order", new("POST", "/api/v4/futures/orders", Body: "{\"contract\":\"BTC_USD\",\"type\":\"limit\",\"size\":100,\"price\":6800,\"time_in_force\":\"gtc\"}", Format: BodyFormat.Json), DocsTimestampMillis)
            {
                Secret = DocsSecret,
                Credentials = new("key"),
                HeaderNames = ["KEY", "Timestamp", "SIGN"],
                Headers = new Dictionary<string, string>
                {
                    ["KEY"] = "key",
                    ["Timestamp"] = "1541993715",
                    ["SIGN"] = "eae42da914a590ddf727473aff25fc87d50b64783941061f47a3fdb92742541fc4c2c14017581b4199a1418d54471c269c03a38d788d802e2c306c37636389f0",
                },
            },
        ],
        Catalog = CatalogRow.Of(
            withdrawal: ["POST /api/v4/withdrawals", "POST /api/v4/withdrawals/push"],
            transfer: ["POST /api/v4/wallet/transfers"],
            subAccount: ["GET /api/v4/sub_accounts"],
            apiKeyManagement: ["POST /api/v4/sub_accounts/123/keys"],
            read: ["GET /api/v4/spot/accounts", "GET /api/v4/account/detail", "GET /api/v4/futures/usdt/positions"],
            trade: ["POST /api/v4/spot/orders", "DELETE /api/v4/spot/orders/123", "POST /api/v4/futures/usdt/orders"],
            unknown: ["POST /api/v4/something/new"]),
        AcceptedFormats = [BodyFormat.None, BodyFormat.Json],
        OrderReads =
        [
            OrderRow.Of(Json("/api/v4/spot/orders", "{\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"side\":\"buy\",\"amount\":\"0.002\",\"price\":\"50000\",\"text\":\"t-1\"}"), new OrderFields { Symbol = "BTC_USDT", Side = "buy", Type = "limit", Quantity = 0.002m, Price = 50000m, ClientOrderId = "t-1" }),
            // A market buy's amount is in the quote currency; batches, amendments and futures sizes in contracts: unjudgeable.
            OrderRow.Unreadable(Json("/api/v4/spot/orders", "{\"currency_pair\":\"BTC_USDT\",\"type\":\"market\",\"side\":\"buy\",\"amount\":\"100\"}")),
            OrderRow.Unreadable(Json("/api/v4/spot/batch_orders", "[]")),
            OrderRow.Unreadable(new("PATCH", "/api/v4/spot/orders/123", Body: "{\"amount\":\"1\"}", Format: BodyFormat.Json)),
            OrderRow.Unreadable(Json("/api/v4/futures/usdt/orders", "{\"contract\":\"BTC_USDT\",\"size\":10}")),
            OrderRow.NoOrder(new("DELETE", "/api/v4/spot/orders/123", Query: "currency_pair=BTC_USDT")),
            OrderRow.NoOrder(new("GET", "/api/v4/spot/orders")),
        ],
        Access =
        [
            .. AccessRow.Public("GET", "limit=1", "/api/v4/spot/currency_pairs", "/api/v4/spot/currency_pairs/BTC_USDT", "/api/v4/spot/currencies", "/api/v4/spot/tickers", "/api/v4/margin/currency_pairs", "/api/v4/futures/usdt/contracts", "/api/v4/futures/btc/contracts/BTC_USD", "/api/v4/futures/usdt/order_book", "/api/v4/delivery/usdt/tickers", "/api/v4/options/underlying/tickers/BTC_USDT"),
            .. AccessRow.Signed("GET /api/v4/spot/accounts", "GET /api/v4/spot/orders", "GET /api/v4/account/detail", "GET /api/v4/futures/usdt/accounts", "GET /api/v4/futures/usdt/orders", "GET /api/v4/futures//contracts", "GET /api/v4/delivery/usdt/premium_index", "GET /api/v4/withdrawals", "GET /API/v4/spot/tickers"),
            AccessRow.Rejected(new("POST", "/api/v4/spot/orders", Body: "currency_pair=BTC_USDT", Format: BodyFormat.Form), "application/json"),
            AccessRow.Rejected(new("POST", "/api/v4/spot/orders", Body: "{}", Format: BodyFormat.Other), "application/json"),
        ],
        Declares = new(SignatureAlgorithm.HmacSha512, ["KEY", "Timestamp", "SIGN"]),
        BotValues = [.. BotValueRows()],
        BotValueSigning = new(BotSecret, SignatureAlgorithm.HmacSha512, "SIGN", text => Convert.ToHexStringLower(HMACSHA512.HashData(BotSecret, System.Text.Encoding.UTF8.GetBytes(text)))),
    };
}
