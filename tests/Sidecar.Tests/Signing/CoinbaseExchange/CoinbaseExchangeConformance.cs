using System.Security.Cryptography;
using Sidecar.FakeExchange.CoinbaseExchange;
using Sidecar.Signing.Policy;
using Sidecar.Signing;
using Sidecar.Tests.Conformance;

namespace Sidecar.Tests.Signing.CoinbaseExchange;

/// <summary>CoinbaseExchange's rows for the shared signing conformance suites (data only; the checks are in Conformance/).</summary>
internal static class CoinbaseExchangeConformance
{
    private static readonly ConformanceRequest Order = new("POST", "/orders", Body: "{\"type\":\"limit\",\"side\":\"buy\",\"product_id\":\"BTC-USD\",\"price\":\"50000.00\",\"size\":\"0.00200000\"}", Format: BodyFormat.Json) { Host = "api.exchange.coinbase.com" };

    // The bot sent its own timestamp: parsed, kept, copied.
    private static readonly string?[] BotValues = ["placeholder-key", "placeholder-sign", "1700000001.250", "placeholder-passphrase"];

    private static readonly ConformanceCredentials Key = new(Passphrase: "passphrase");

    // JSON.stringify({ price: '1.0', size: '1.0', side: 'buy', product_id: 'BTC-USD' }) from the docs' sample.
    private const string DocsBody = "{\"price\":\"1.0\",\"size\":\"1.0\",\"side\":\"buy\",\"product_id\":\"BTC-USD\"}";

    // The secret as the token holds it (base64-decoded), per run.
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(64);

    private static KnownAnswer Docs(ConformanceRequest request) => new("docs request, independent HMAC", request, 1_700_000_123_456)
    {
        Secret = Secret,
        Credentials = new(Passphrase: "passphrase"),
        Headers = new Dictionary<string, string> { ["CB-ACCESS-TIMESTAMP"] = "1700000123" },
        Reference = signed => new Dictionary<string, string>
        {
            ["CB-ACCESS-SIGN"] = Convert.ToBase64String(HMACSHA256.HashData(Secret, System.Text.Encoding.UTF8.GetBytes("1700000123" + signed.Request.Method + RequestPath(signed.Request) + signed.Request.Body))),
        },
        Verify = signed => CoinbaseExchangeSignature.Verify(Secret, signed.Header("CB-ACCESS-TIMESTAMP"), signed.Request.Method, RequestPath(signed.Request), signed.Request.Body, signed.Header("CB-ACCESS-SIGN"))
            ? null : "the fake's verifier refuses it",
    };

    private static string RequestPath(ConformanceRequest request) => request.Query.Length > 0 ? request.Path + "?" + request.Query : request.Path;

    private static ConformanceRequest Json(string path, string json) => new("POST", path, Body: json, Format: BodyFormat.Json);

    // The bot's own CB-ACCESS-TIMESTAMP ("number of seconds since Unix Epoch in UTC. Decimal values are allowed"):
    // kept byte for byte and signed when well-formed (ccxt's whole seconds, Python's str(time.time()), up to nine
    // decimals), replaced by now otherwise; the bot's key, signature and passphrase are always replaced.
    private const long BotNow = 1_700_000_000_987;
    private const string BotBody = "{\"type\":\"limit\",\"side\":\"buy\",\"product_id\":\"BTC-USD\",\"price\":\"50000\",\"size\":\"0.002\"}";

    private static readonly byte[] BotSecret = RandomNumberGenerator.GetBytes(64);

    private static readonly string[] KeptTimestamps = ["1700000001", "1699999990", "1700000000.5", "1700000000.123", "1700000000.123456", "1700000000.123456789"];

    // Nine, eleven or thirteen digits, a leading zero, a bare or leading point, ten decimals, a comma, a sign, an exponent, spaces, full-width digits.
    private static readonly string[] MalformedTimestamps = ["", "abc", "1", "170000000", "17000000000", "1700000000123", "0700000000", "1700000000.", ".1700000000", "1700000000.1234567890", "1700000000,123", "1700000000.12a", "1700000000.1.2", "+1700000000", "-1700000000", "1.7e9", " 1700000000", "1700000000 ", "17000000x0", "１７００００００００"];

    // Bot values: KEY, SIGN, TIMESTAMP, PASSPHRASE.
    private static BotValueRow BotOrder(string @case, string?[] bot, string timestamp) => new(@case, Json("/orders", BotBody) with { BotValues = bot }, BotNow)
    {
        Headers = new Dictionary<string, string> { ["CB-ACCESS-TIMESTAMP"] = timestamp },
        SignedText = timestamp + "POST/orders" + BotBody,
    };

    private static IEnumerable<BotValueRow> BotValueRows()
    {
        foreach (var sent in KeptTimestamps)
        {
            yield return BotOrder("kept " + sent, [null, null, sent, null], sent);
        }

        foreach (var sent in MalformedTimestamps)
        {
            yield return BotOrder("replaced " + sent, [null, null, sent, null], "1700000000");
        }

        yield return BotOrder("nothing sent", [null, null, null, null], "1700000000");
        yield return BotOrder("kept, key, signature and passphrase replaced", ["placeholder-key", "cGxhY2Vob2xkZXI=", "1700000002.25", "placeholder"], "1700000002.25") with
        {
            Headers = new Dictionary<string, string>
            {
                ["CB-ACCESS-TIMESTAMP"] = "1700000002.25",
                ["CB-ACCESS-KEY"] = "venue-key",
                ["CB-ACCESS-PASSPHRASE"] = "venue-passphrase",
            },
        };
    }

    public static SchemeConformance Exchange { get; } = new("coinbase-exchange")
    {
        Allocation = AllocationCase.WithAndWithoutBotValues(Order, BotValues, Key),
        // Coinbase's docs ("Exchange REST API Authentication → Signing a Message") publish no worked example with an expected
        // signature (their secret is truncated, the timestamp is Date.now()): these sign the docs' example request (POST
        // /orders with the JavaScript sample's body) and others with a fixed timestamp against an independent
        // implementation (.NET HMACSHA256 over the base64-decoded secret, then base64) and the fake's verifier.
        KnownAnswers =
        [
            Docs(new("POST", "/orders", Body: DocsBody, Format: BodyFormat.Json) { Host = "api.exchange.coinbase.com" }) with { SignatureHeader = "CB-ACCESS-SIGN", Mutation = ("1.0", "1.1") },
            Docs(new("GET", "/orders", Query: "status=open&product_id=BTC-USD") { Host = "api.exchange.coinbase.com" }),
            Docs(new("DELETE", "/orders/d0c5340b-6d6c-49d9-b567-48c4bfca13d2", Body: "{\"product_id\":\"BTC-USD\"}", Format: BodyFormat.Json) { Host = "api.exchange.coinbase.com" }),
            Docs(new("GET", "/accounts") { Host = "api.exchange.coinbase.com" }),
        ],
        Catalog = CatalogRow.Of(
            withdrawal: ["POST /withdrawals/crypto", "POST /withdrawals/payment-method", "POST /address-book"],
            transfer: ["POST /deposits/payment-method", "POST /profiles/transfer"],
            subAccount: ["POST /profiles"],
            read: ["GET /accounts", "GET /accounts/71452118-efc7-4cc4-8780-a5e22d4baa53/ledger", "GET /orders", "GET /fills", "GET /withdrawals/fee-estimate"],
            trade: ["POST /orders", "DELETE /orders/d0c5340b-6d6c-49d9-b567-48c4bfca13d2", "DELETE /orders"]),
        AcceptedFormats = [BodyFormat.None, BodyFormat.Json],
        OrderReads =
        [
            OrderRow.Of(Json("/orders", "{\"type\":\"limit\",\"side\":\"buy\",\"product_id\":\"BTC-USD\",\"price\":\"50000.00\",\"size\":\"0.002\",\"client_oid\":\"c-1\"}"), new OrderFields { Symbol = "BTC-USD", Side = "buy", Type = "limit", Quantity = 0.002m, Price = 50000.00m, ClientOrderId = "c-1" }),
            OrderRow.NoOrder(new("DELETE", "/orders/x")),
            OrderRow.NoOrder(new("GET", "/orders", Query: "status=open")),
            OrderRow.Malformed(Json("/orders", "not json")),
        ],
        Access =
        [
            .. AccessRow.Public("GET", "level=2", "/products", "/products/BTC-USD/book", "/products/BTC-USD/candles", "/currencies", "/currencies/BTC", "/time"),
            .. AccessRow.Signed("GET /accounts", "GET /orders/d0c5340b-6d6c-49d9-b567-48c4bfca13d2", "GET /oracle", "GET /wrapped-assets/redeem", "GET /something-new"),
            AccessRow.Rejected(new("POST", "/orders", Body: "size=1&price=2", Format: BodyFormat.Form)),
            AccessRow.Rejected(new("POST", "/orders", Body: "<xml/>", Format: BodyFormat.Other)),
        ],
        Host = "api.exchange.coinbase.com",
        VenueCredentials = new("venue-key", "venue-passphrase"),
        BotValues = [.. BotValueRows()],
        BotValueSigning = new(BotSecret, SignatureAlgorithm.HmacSha256, "CB-ACCESS-SIGN", text => Convert.ToBase64String(HMACSHA256.HashData(BotSecret, System.Text.Encoding.ASCII.GetBytes(text)))),
        Declares = new(SignatureAlgorithm.HmacSha256, ["CB-ACCESS-KEY", "CB-ACCESS-SIGN", "CB-ACCESS-TIMESTAMP", "CB-ACCESS-PASSPHRASE"]) { RequiresPassphrase = true },
    };
}
