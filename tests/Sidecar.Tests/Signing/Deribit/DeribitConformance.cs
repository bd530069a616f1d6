using System.Security.Cryptography;
using Sidecar.FakeExchange.Deribit;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Tests.Conformance;

namespace Sidecar.Tests.Signing.Deribit;

/// <summary>Deribit's rows for the shared signing conformance suites (data only; the checks are in Conformance/).</summary>
internal static class DeribitConformance
{
    private static readonly ConformanceRequest Buy = new("GET", "/api/v2/private/buy", Query: "amount=10&instrument_name=BTC-PERPETUAL&type=limit&price=50000") { Host = "www.deribit.com" };

    // The bot sent its own Authorization (timestamp and nonce): parsed, kept, copied.
    private static readonly string?[] BotValues = ["deri-hmac-sha256 id=placeholder,ts=1700000000456,sig=00ff,nonce=abc-123"];

    private static readonly byte[] DocsSecret = System.Text.Encoding.UTF8.GetBytes("AMANDASECRECT");

    private static KnownAnswer Docs(ConformanceRequest request, long ts) => new("docs inputs, independent StringToSign", request, ts)
    {
        Secret = DocsSecret,
        Credentials = new("AMANDA"),
        Verify = signed => Check(signed, ts),
    };

    private static string? Check(KnownAnswerSigned signed, long ts)
    {
        var auth = DeribitSignature.ParseAuthorization(signed.Header("Authorization"));
        if (auth is null)
        {
            return "unparseable Authorization: " + signed.Header("Authorization");
        }

        var request = signed.Request;
        var uri = request.Query.Length > 0 ? request.Path + "?" + request.Query : request.Path;
        var stringToSign = $"{ts}\n{auth["nonce"]}\n{request.Method}\n{uri}\n{request.Body}\n";
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(DocsSecret, System.Text.Encoding.UTF8.GetBytes(stringToSign)));
        return expected != auth["sig"] ? $"sig {auth["sig"]}, independently {expected}"
            : auth["id"] != "AMANDA" ? "id " + auth["id"]
            : !DeribitSignature.Verify(DocsSecret, auth["ts"], auth["nonce"], request.Method, uri, request.Body, auth["sig"]) ? "the fake's verifier refuses it"
            : null;
    }

    private static ConformanceRequest Json(string path, string json) => new("POST", path, Body: json, Format: BodyFormat.Json);

    public static SchemeConformance Deribit { get; } = new("deribit")
    {
        Allocation = AllocationCase.WithAndWithoutBotValues(Buy, BotValues),
        // Deribit's docs ("Authentication → Deribit signature credentials") give example inputs — ClientId AMANDA,
        // ClientSecret AMANDASECRECT, GET /api/v2/private/get_account_summary?currency=BTC — but their printed signature
        // depends on the current time and a random nonce. These sign the docs' inputs with fixed timestamps against an
        // independent implementation (.NET HMACSHA256 over the documented StringToSign) and the fake's verifier.
        KnownAnswers =
        [
            Docs(new("GET", "/api/v2/private/get_account_summary", Query: "currency=BTC") { Host = "www.deribit.com" }, 1_700_000_000_000) with { SignatureHeader = "Authorization", Mutation = ("currency=BTC", "currency=ETH") },
            Docs(new("GET", "/api/v2/private/buy", Query: "instrument_name=BTC-PERPETUAL&amount=10&type=limit&price=50000") { Host = "www.deribit.com" }, 1_452_237_485_895),
            Docs(new("POST", "/api/v2/private/get_account_summary", Body: "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"private/get_account_summary\",\"params\":{\"currency\":\"BTC\"}}", Format: BodyFormat.Json) { Host = "www.deribit.com" }, 1_700_000_000_001),
        ],
        Catalog = CatalogRow.Of(
            withdrawal: ["GET /api/v2/private/withdraw"],
            transfer: ["POST /api/v2/private/submit_transfer_to_user"],
            subAccount: ["GET /api/v2/private/create_subaccount"],
            apiKeyManagement: ["GET /api/v2/private/create_api_key"],
            read: ["GET /api/v2/private/get_account_summaries", "POST /api/v2/private/get_positions"],
            trade: ["GET /api/v2/private/buy", "GET /api/v2/private/cancel"]),
        AcceptedFormats = [BodyFormat.None, BodyFormat.Json],
        OrderReads =
        [
            // From the query, the side from the method.
            OrderRow.Of(new("GET", "/api/v2/private/sell", Query: "instrument_name=BTC-PERPETUAL&amount=10&type=limit&price=50000"), new OrderFields { Symbol = "BTC-PERPETUAL", Side = "sell", Type = "limit", Quantity = 10m, Price = 50000m }),
            // From a JSON-RPC body.
            OrderRow.Of(Json("/api/v2/private/buy", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"private/buy\",\"params\":{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":20,\"price\":49000.5,\"label\":\"b1\"}}"), new OrderFields { Symbol = "BTC-PERPETUAL", Side = "buy", Type = "limit", Quantity = 20m, Price = 49000.5m, ClientOrderId = "b1" }),
            OrderRow.Unreadable(new("GET", "/api/v2/private/edit", Query: "order_id=1&amount=10")),
            OrderRow.NoOrder(new("GET", "/api/v2/private/get_account_summaries")),
        ],
        Access =
        [
            .. AccessRow.Public("GET", "currency=BTC", "/api/v2/public/get_instruments", "/api/v2/public/get_currencies", "/api/v2/public/auth"),
            .. AccessRow.Signed("GET /api/v2/private/buy", "GET /api/v2/private/get_account_summaries", "GET /api/v2/something"),
            AccessRow.Rejected(new("POST", "/api/v2/private/buy", Body: "amount=10", Format: BodyFormat.Form)),
            AccessRow.Rejected(new("POST", "/api/v2/private/buy", Body: "<xml/>", Format: BodyFormat.Other)),
        ],
        Host = "www.deribit.com",
        Declares = new(SignatureAlgorithm.HmacSha256, ["Authorization"]),
    };
}
