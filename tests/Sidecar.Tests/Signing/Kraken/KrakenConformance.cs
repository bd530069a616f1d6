using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Tests.Conformance;

namespace Sidecar.Tests.Signing.Kraken;

/// <summary>Kraken's rows for the shared signing conformance suites (data only; the checks are in Conformance/).</summary>
internal static class KrakenConformance
{
    private static readonly ConformanceCredentials Nonces = new(NonceLease: 10_000_000);

    public static SchemeConformance Kraken { get; } = new("kraken")
    {
        Allocation =
        [
            // The bot's nonce kept; no nonce, so one drawn and the body rewritten; a JSON body.
            new(new("POST", "/0/private/AddOrder", Body: "pair=XBTUSD&type=buy&ordertype=limit&price=65000.5&volume=0.01&nonce=1700000000000", Format: BodyFormat.Form), SessionKeyCopies: true) { Credentials = Nonces },
            new(new("POST", "/0/private/AddOrder", Body: "pair=XBTUSD&type=buy&ordertype=limit&price=65000.5&volume=0.01", Format: BodyFormat.Form), SessionKeyCopies: false) { Credentials = Nonces },
            new(new("POST", "/0/private/AddOrder", Body: "{\"nonce\":\"1700000000000\",\"pair\":\"XBTUSD\",\"orders\":[{\"ordertype\":\"limit\",\"price\":\"65000.5\"}]}", Format: BodyFormat.Json), SessionKeyCopies: true) { Credentials = Nonces },
        ],
        // Kraken's docs (docs.kraken.com/api/docs/guides/spot-rest-auth, "Examples"). The token holds the base64-decoded
        // secret, as `sidecar keys import --encoding base64` stores it. The docs' nonce (1616492376594) is above a fresh
        // counter and the clock (1 ms → 1000 µs): kept, so the body is forwarded as sent.
        KnownAnswers =
        [
            new("docs AddOrder example", new("POST", "/0/private/AddOrder", Body: "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25", Format: BodyFormat.Form), 1)
            {
                Secret = Convert.FromBase64String("kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="),
                Credentials = new(NonceLease: 1000),
                HeaderNames = ["API-Key", "API-Sign"],
                Headers = new Dictionary<string, string> { ["API-Sign"] = "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==" },
                SignatureHeader = "API-Sign",
                Mutation = ("price=37500", "price=37501"),
            },
        ],
        // Every private endpoint is a POST.
        Catalog = CatalogRow.Of(
            withdrawal: ["POST /0/private/Withdraw", "POST /0/private/WithdrawCancel"],
            transfer: ["POST /0/private/WalletTransfer"],
            read: ["POST /0/private/Balance", "POST /0/private/TradeBalance"],
            trade: ["POST /0/private/AddOrder"]),
        AcceptedFormats = [BodyFormat.None, BodyFormat.Form, BodyFormat.Json],
        OrderReads =
        [
            OrderRow.Of(new("POST", "/0/private/AddOrder", Body: "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25", Format: BodyFormat.Form), new OrderFields { Symbol = "XBTUSD", Side = "buy", Type = "limit", Quantity = 1.25m, Price = 37500m }),
            OrderRow.NoOrder(new("POST", "/0/private/Balance", Body: "nonce=1616492376594", Format: BodyFormat.Form)),
        ],
        Access =
        [
            .. AccessRow.Public("POST", "pair=XBTUSD", "/0/public/Time", "/0/public/AssetPairs", "/0/public/Ticker"),
            // Paths are case-sensitive: an unknown spelling is signed, never passed unsigned.
            .. AccessRow.Signed("POST /0/private/Balance", "POST /0/private/GetWebSocketsToken", "POST /0/Public/Time", "POST /1/private/Something"),
            // JSON bodies whose nonce cannot be rewritten, and other body formats.
            AccessRow.Rejected(new("POST", "/0/private/AddOrderBatch", Body: "[1,2]", Format: BodyFormat.Json)),
            AccessRow.Rejected(new("POST", "/0/private/AddOrderBatch", Body: "{\"nonce\":\"1\",\"nonce\":\"2\"}", Format: BodyFormat.Json)),
            AccessRow.Rejected(new("POST", "/0/private/AddOrderBatch", Body: "{\"nonce\":{\"a\":1}}", Format: BodyFormat.Json)),
            AccessRow.Rejected(new("POST", "/0/private/AddOrderBatch", Body: "{\"a\":1", Format: BodyFormat.Json)),
            AccessRow.Rejected(new("POST", "/0/private/AddOrderBatch", Body: "{\"a\":1}{\"b\":2}", Format: BodyFormat.Json)),
            AccessRow.Rejected(new("POST", "/0/private/AddOrder", Body: "pair=XBTUSD", Format: BodyFormat.Other), "x-www-form-urlencoded"),
        ],
        Declares = new(SignatureAlgorithm.HmacSha512, ["API-Key", "API-Sign"]) { UsesNonces = true },
    };
}
