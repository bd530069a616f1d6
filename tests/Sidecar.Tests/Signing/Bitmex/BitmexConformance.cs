using Sidecar.FakeExchange.Bitmex;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Tests.Conformance;

namespace Sidecar.Tests.Signing.Bitmex;

/// <summary>Bitmex's rows for the shared signing conformance suites (data only; the checks are in Conformance/).</summary>
internal static class BitmexConformance
{
    private static readonly ConformanceRequest Order = new("POST", "/api/v1/order", Body: "{\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"orderQty\":100,\"price\":50000,\"ordType\":\"Limit\",\"clOrdID\":\"bot-1\"}", Format: BodyFormat.Json) { Host = "www.bitmex.com" };

    // The bot sent its own expires value: parsed, kept, copied.
    private static readonly string?[] BotValues = ["1700000030", "placeholder-key", "placeholder-signature", "12345"];

    private static readonly byte[] DocsSecret = System.Text.Encoding.UTF8.GetBytes("chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO");

    private static KnownAnswer Docs(string example, ConformanceRequest request, long expires, string signature) =>
        new("docs " + example, request, (expires - BitmexSchemeTests.ExpiresAfterSeconds) * 1000 + 999)
        {
            Secret = DocsSecret,
            Credentials = new("LAqUlngMIQkIUjXMUreyu3qn"),
            Headers = new Dictionary<string, string>
            {
                ["api-signature"] = signature,
                ["api-expires"] = expires.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            Verify = signed => BitmexSignature.Verify(DocsSecret, signed.Request.Method, signed.Request.Query.Length > 0 ? signed.Request.Path + "?" + signed.Request.Query : signed.Request.Path,
                signed.Header("api-expires"), signed.Request.Body, signed.Header("api-signature")) ? null : "the fake's verifier refuses it",
            Sign = SignPrivateWherePublic,
        };

    private static SignOutcome SignPrivateWherePublic(SigningScheme scheme, scoped in SigningInput input, VenueCredentials credentials, SignedRequest output) =>
        scheme.Exchange.Endpoints.Find(input.Method, input.Path).Access == EndpointAccess.Public
            ? ((Sidecar.Signing.Bitmex.BitmexScheme)scheme).SignPrivate(input, credentials, output)
            : scheme.Sign(input, credentials, output);

    private static ConformanceRequest Json(string path, string json) => new("POST", path, Body: json, Format: BodyFormat.Json);

    public static SchemeConformance Bitmex { get; } = new("bitmex")
    {
        Allocation = AllocationCase.WithAndWithoutBotValues(Order, BotValues),
        // BitMEX's docs ("API Keys Usage", www.bitmex.com/app/apiKeysUsage). The scheme sets expires = now +
        // ExpiresAfterSeconds, so "now" lands on the documented expires values. The two GET examples sign public market
        // data that Sign forwards unsigned, so they drive the signing step (SignPrivate, what Sign runs for private
        // endpoints) directly. Each is also checked with the fake exchange's verifier.
        KnownAnswers =
        [
            // "Simple GET": GET/api/v1/instrument1518064236
            Docs("simple GET", new("GET", "/api/v1/instrument") { Host = "www.bitmex.com" }, 1518064236, "c7682d435d0cfe87c16098df34ef2eb5a549d4c5a3c2b1f0f77b8af73423bf00"),
            // "GET with complex querystring (value is URL-encoded)"
            Docs("GET with complex querystring", new("GET", "/api/v1/instrument", Query: "filter=%7B%22symbol%22%3A+%22XBTM15%22%7D") { Host = "www.bitmex.com" }, 1518064237, "e2f422547eecb5b3cb29ade2127e21b858b235b386bfa45e1c1756eb3383919f"),
            // "POST": POST/api/v1/order1518064238{"symbol":"XBTM15",…}
            Docs("POST", new("POST", "/api/v1/order", Body: "{\"symbol\":\"XBTM15\",\"price\":219.0,\"clOrdID\":\"mm_bitmex_1a/oemUeQ4CAJZgP3fjHsA\",\"orderQty\":98}", Format: BodyFormat.Json) { Host = "www.bitmex.com" }, 1518064238, "1749cd2ccae4aa49048ae09f0b95110cee706e0944e6a14ad0b3a8cb45bd336b")
                with { SignatureHeader = "api-signature", Mutation = ("219.0", "219.5") },
        ],
        Catalog = CatalogRow.Of(
            withdrawal: ["POST /api/v1/user/requestWithdrawal", "POST /api/v1/address"],
            transfer: ["POST /api/v1/user/walletTransfer"],
            subAccount: ["POST /api/v1/user/addSubaccount"],
            apiKeyManagement: ["GET /api/v1/apiKey"],
            read: ["GET /api/v1/user/margin", "GET /api/v1/user/wallet", "GET /api/v1/position", "GET /api/v1/address"],
            trade: ["POST /api/v1/order", "DELETE /api/v1/order"]),
        AcceptedFormats = [BodyFormat.None, BodyFormat.Form, BodyFormat.Json],
        OrderReads =
        [
            OrderRow.Of(Json("/api/v1/order", "{\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"orderQty\":100,\"price\":50000,\"clOrdID\":\"b-1\"}"), new OrderFields { Symbol = "XBTUSD", Side = "Buy", Type = "Limit", Quantity = 100m, Price = 50000m, ClientOrderId = "b-1" }),
            OrderRow.Of(new("POST", "/api/v1/order", Body: "symbol=XBTUSD&side=Buy&orderQty=100&price=50000&clOrdID=b-1", Format: BodyFormat.Form), new OrderFields { Symbol = "XBTUSD", Side = "Buy", Type = "Limit", Quantity = 100m, Price = 50000m, ClientOrderId = "b-1" }),
            // Amendments and bulk orders cannot be judged; cancels place nothing.
            OrderRow.Unreadable(new("PUT", "/api/v1/order", Body: "{\"orderID\":\"x\",\"price\":1}", Format: BodyFormat.Json)),
            OrderRow.Unreadable(Json("/api/v1/order/bulk", "{\"orders\":[]}")),
            OrderRow.NoOrder(new("DELETE", "/api/v1/order", Body: "{\"orderID\":\"x\"}", Format: BodyFormat.Json)),
        ],
        Access =
        [
            .. AccessRow.Public("GET", "symbol=XBTUSD", "/api/v1/instrument/active", "/api/v1/orderBook/L2", "/api/v1/trade", "/api/v1/chat"),
            .. AccessRow.Signed("POST /api/v1/chat", "GET /api/v1/user/margin", "DELETE /api/v1/order", "GET /api/v1/something-new"),
            AccessRow.Rejected(new("POST", "/api/v1/order", Body: "<xml/>", Format: BodyFormat.Other)),
        ],
        Host = "www.bitmex.com",
        Declares = new(SignatureAlgorithm.HmacSha256, ["api-expires", "api-key", "api-signature", "api-nonce"]),
    };
}
