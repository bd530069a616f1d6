using System.Security.Cryptography;
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

    public static SchemeConformance V5 { get; } = new("bybit-v5")
    {
        Allocation =
        [
            new(Get, SessionKeyCopies: true) { Credentials = Key },
            new(Get, SessionKeyCopies: false) { Credentials = Key },
            new(Post, SessionKeyCopies: true) { Credentials = Key },
            new(Post, SessionKeyCopies: false) { Credentials = Key },
            new(Get with { BotValues = BotValues }, SessionKeyCopies: false) { Credentials = Key },
            new(Post with { BotValues = BotValues }, SessionKeyCopies: true) { Credentials = Key },
        ],
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
    };
}
