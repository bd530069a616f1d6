using System.Security.Cryptography;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Tests.Conformance;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Bitfinex;

/// <summary>Bitfinex's rows for the shared signing conformance suites (data only; the checks are in Conformance/).</summary>
internal static class BitfinexConformance
{
    private static readonly ConformanceRequest Order = new("POST", "/v2/auth/w/order/submit", Body: "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"0.002\",\"price\":\"50000\",\"cid\":1700000000123}", Format: BodyFormat.Json);

    // The bot sent its own nonce: parsed, kept, copied.
    private static readonly string?[] BotValues = ["1700000001500000", "placeholder-key", "placeholder-signature"];

    private static readonly ConformanceCredentials Nonces = new(NonceLease: 10_000_000);

    private const long NonceMillis = 1_700_000_000_123;

    private static readonly byte[] Secret = System.Text.Encoding.ASCII.GetBytes(TestSecrets.BinanceStyle());

    private static Dictionary<string, string> DocsFormula(KnownAnswerSigned signed) => new()
    {
        ["bfx-signature"] = Convert.ToHexStringLower(HMACSHA384.HashData(Secret, System.Text.Encoding.ASCII.GetBytes($"/api/{signed.Request.Path[1..]}{signed.Header("bfx-nonce")}{signed.Request.Body}"))),
    };

    private static ConformanceRequest Json(string path, string json) => new("POST", path, Body: json, Format: BodyFormat.Json);

    public static SchemeConformance V2 { get; } = new("bitfinex-v2")
    {
        Allocation = AllocationCase.WithAndWithoutBotValues(Order, BotValues, Nonces),
        // Bitfinex publishes no worked example: docs.bitfinex.com/docs/rest-auth shows only code. These use that page's
        // example inputs (apiPath v2/auth/r/wallets, body {}, a Date.now() * 1000 nonce) against the docs' formula computed
        // independently: hex(HMAC-SHA384(secret, `/api/${apiPath}${nonce}${JSON.stringify(body)}`)).
        KnownAnswers =
        [
            new("docs example inputs, docs formula", new("POST", "/v2/auth/r/wallets", Body: "{}", Format: BodyFormat.Json), NonceMillis)
            {
                Secret = Secret,
                Credentials = new(NonceLease: 1000),
                HeaderNames = ["bfx-nonce", "bfx-apikey", "bfx-signature"],
                Headers = new Dictionary<string, string> { ["bfx-nonce"] = "1700000000123000" },
                Reference = DocsFormula,
                SignatureHeader = "bfx-signature",
                Mutation = ("{}", "{ }"),
            },
            new("an order, docs formula", new("POST", "/v2/auth/w/order/submit", Body: "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"0.002\",\"price\":\"50000\"}", Format: BodyFormat.Json), NonceMillis)
            {
                Secret = Secret,
                Credentials = new(NonceLease: 1000),
                HeaderNames = ["bfx-nonce", "bfx-apikey", "bfx-signature"],
                Headers = new Dictionary<string, string> { ["bfx-nonce"] = "1700000000123000" },
                Reference = DocsFormula,
            },
        ],
        // Every authenticated endpoint is a POST.
        Catalog = CatalogRow.Of(
            withdrawal: ["POST /v2/auth/w/withdraw"],
            transfer: ["POST /v2/auth/w/transfer", "POST /v2/auth/w/deposit/address", "POST /v2/auth/w/funding/offer/submit"],
            read: ["POST /v2/auth/r/wallets", "POST /v2/auth/r/orders/tBTCUSD/hist"],
            trade: ["POST /v2/auth/w/order/submit", "POST /v2/auth/w/order/cancel"],
            unknown: ["POST /v2/auth/w/settings/set"]),
        AcceptedFormats = [BodyFormat.None, BodyFormat.Json],
        OrderReads =
        [
            // The side and quantity come from the amount's sign.
            OrderRow.Of(Json("/v2/auth/w/order/submit", "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"-0.5\",\"price\":\"50000\",\"cid\":7}"), new OrderFields { Symbol = "tBTCUSD", Side = "sell", Type = "EXCHANGE LIMIT", Quantity = 0.5m, Price = 50000m, ClientOrderId = "7" }),
            OrderRow.Of(Json("/v2/auth/w/order/submit", "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":0.002,\"price\":50000}"), new OrderFields { Symbol = "tBTCUSD", Side = "buy", Type = "EXCHANGE LIMIT", Quantity = 0.002m, Price = 50000m }),
            OrderRow.Unreadable(Json("/v2/auth/w/order/submit", "{\"amount\":\"lots\"}")),
            OrderRow.Unreadable(Json("/v2/auth/w/order/update", "{\"id\":1,\"amount\":\"1\"}")),
            OrderRow.Unreadable(Json("/v2/auth/w/order/multi", "{\"ops\":[]}")),
        ],
        Access =
        [
            .. AccessRow.Public("POST", "limit=1", "/v2/conf/pub:info:pair", "/v2/conf/pub:list:pair:margin,pub:info:pair", "/v2/tickers", "/v2/ticker/tBTCUSD", "/v2/book/tBTCUSD/P0", "/v2/candles/trade:1m:tBTCUSD/hist", "/v2/platform/status", "/v1/symbols_details"),
            // Paths are case-sensitive: an unknown spelling is signed, never passed unsigned.
            .. AccessRow.SignedWithBody("POST", "{}", BodyFormat.Json, "/v2/auth/r/wallets", "/v2/auth/w/order/cancel", "/v2/something/new", "/v2/Tickers"),
            AccessRow.Rejected(new("POST", "/v2/auth/w/order/submit", Body: "symbol=tBTCUSD", Format: BodyFormat.Form), "application/json"),
            AccessRow.Rejected(new("POST", "/v2/auth/w/order/submit", Body: "{}", Format: BodyFormat.Other), "application/json"),
            // v1 authenticated paths are refused, not signed with the v2 scheme.
            AccessRow.Rejected(new("POST", "/v1/balances", Body: "{}", Format: BodyFormat.Json), "/v2/"),
        ],
        Declares = new(SignatureAlgorithm.HmacSha384, ["bfx-nonce", "bfx-apikey", "bfx-signature"]) { UsesNonces = true },
    };
}
