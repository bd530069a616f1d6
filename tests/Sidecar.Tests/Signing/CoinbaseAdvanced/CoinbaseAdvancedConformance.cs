using System.Security.Cryptography;
using Sidecar.FakeExchange.CoinbaseAdvanced;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Tests.Conformance;

namespace Sidecar.Tests.Signing.CoinbaseAdvanced;

/// <summary>CoinbaseAdvanced's rows for the shared signing conformance suites (data only; the checks are in Conformance/).</summary>
internal static class CoinbaseAdvancedConformance
{
    private static readonly ConformanceRequest Order = new("POST", "/api/v3/brokerage/orders", Body: "{\"client_order_id\":\"ccxt-1\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\",\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.002\",\"limit_price\":\"50000\",\"post_only\":false}}}", Format: BodyFormat.Json) { Host = "api.coinbase.com" };

    // A CDP key's name, as the JWT's kid and sub carry it.
    private static readonly ConformanceCredentials Key = new("organizations/9e5b2a41-1c2d-4e6f-8a9b-0c1d2e3f4a5b/apiKeys/7f8e9d0c-1b2a-3c4d-5e6f-7a8b9c0d1e2f");

    private const string DocsKeyName = "organizations/{org_id}/apiKeys/{key_id}";

    private const long Now = 1_700_000_000_000;

    private static KnownAnswer Docs(ConformanceRequest request) => new("docs inputs, ECDsa and the fake's checker", request, Now)
    {
        Credentials = new(DocsKeyName),
        HeaderNames = ["Authorization"],
        Verify = Check,
    };

    private static string? Check(KnownAnswerSigned signed)
    {
        var (method, path) = (signed.Request.Method, signed.Request.Path);
        var authorization = signed.Header("Authorization");
        var jwt = Jwt.FromAuthorization(authorization);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(signed.PublicKeyPem);
        Assert.True(publicKey.VerifyData(System.Text.Encoding.ASCII.GetBytes(jwt.SigningInput), jwt.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Equal($"{method} api.coinbase.com{path}", jwt.Claims.GetProperty("uri").GetString());
        Assert.Equal(DocsKeyName, jwt.Header.GetProperty("kid").GetString());

        // One byte of the signed claims changed (the path's last letter), and the token presented for that other path.
        var otherPath = path[..^1] + (path[^1] == 'z' ? 'y' : 'z');
        var tampered = "Bearer " + authorization["Bearer ".Length..].Split('.')[0] + "."
            + System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(jwt.ClaimsJson.Replace(path, otherPath, StringComparison.Ordinal))) + "."
            + authorization.Split('.')[2];
        var now = DateTimeOffset.FromUnixTimeMilliseconds(Now);
        using var fake = new CoinbaseJwtVerifier(DocsKeyName, signed.PublicKeyPem!, "api.coinbase.com");
        Assert.Equal("invalid signature", fake.Check(tampered, method, otherPath, now));
        Assert.Equal("uri does not match the request", fake.Check(authorization, method, otherPath, now));
        Assert.Null(fake.Check(authorization, method, path, now));
        Assert.Equal("nonce missing or reused", fake.Check(authorization, method, path, now));
        return null;
    }

    private static ConformanceRequest Json(string path, string json) => new("POST", path, Body: json, Format: BodyFormat.Json);

    public static SchemeConformance Advanced { get; } = new("coinbase-advanced")
    {
        Allocation =
        [
            new(Order, SessionKeyCopies: true) { Credentials = Key },
            new(Order, SessionKeyCopies: false) { Credentials = Key },
        ],
        // Coinbase publishes no worked example with an expected token ("JWT Authentication" only shows code signing with the
        // caller's key and the current time), and ES256 signatures are randomised anyway: these use the docs' example
        // inputs (key name organizations/{org_id}/apiKeys/{key_id}, GET api.coinbase.com/api/v3/brokerage/accounts) and
        // check the token with independent verifiers: .NET's ECDsa with the token's public key, and the fake's JWT
        // checker — which also refuses a token with one byte of its claims changed, or presented for another path.
        KnownAnswers =
        [
            Docs(new("GET", "/api/v3/brokerage/accounts") { Host = "api.coinbase.com" }),
            Docs(new("GET", "/api/v3/brokerage/accounts/f603f97c-37d7-4e58-b264-c27e9e393dd9") { Host = "api.coinbase.com" }),
            Docs(new("GET", "/api/v3/brokerage/orders/historical/batch", Query: "order_status=OPEN&product_ids=BTC-USD") { Host = "api.coinbase.com" }),
            Docs(new("POST", "/api/v3/brokerage/orders", Body: "{\"client_order_id\":\"x\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\",\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.002\",\"limit_price\":\"50000\"}}}", Format: BodyFormat.Json) { Host = "api.coinbase.com" }),
        ],
        Catalog = CatalogRow.Of(
            withdrawal: ["POST /v2/accounts/6b17acd6-2e68-5eb0-9f45-72d67cef578a/transactions", "POST /v2/accounts/6b17acd6-2e68-5eb0-9f45-72d67cef578a/withdrawals"],
            transfer: ["POST /api/v3/brokerage/portfolios/move_funds", "POST /api/v3/brokerage/cfm/sweeps/schedule"],
            subAccount: ["POST /api/v3/brokerage/portfolios"],
            read: ["GET /api/v3/brokerage/accounts", "GET /api/v3/brokerage/transaction_summary", "GET /api/v3/brokerage/orders/historical/batch", "GET /api/v3/brokerage/cfm/sweeps"],
            trade: ["POST /api/v3/brokerage/orders", "POST /api/v3/brokerage/orders/batch_cancel"]),
        AcceptedFormats = [BodyFormat.None, BodyFormat.Json],
        OrderReads =
        [
            OrderRow.Of(Json("/api/v3/brokerage/orders", "{\"client_order_id\":\"ccxt-1\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\",\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.002\",\"limit_price\":\"50000\",\"post_only\":false}}}"), new OrderFields { Symbol = "BTC-USD", Side = "BUY", Type = "limit_limit_gtc", Quantity = 0.002m, Price = 50000m, ClientOrderId = "ccxt-1" }),
            OrderRow.Unreadable(Json("/api/v3/brokerage/orders/edit", "{}")),
            OrderRow.NoOrder(Json("/api/v3/brokerage/orders/batch_cancel", "{\"order_ids\":[\"x\"]}")),
        ],
        Access =
        [
            .. AccessRow.Public("GET", "product_type=SPOT", "/api/v3/brokerage/market/products", "/api/v3/brokerage/market/products/BTC-USD/ticker", "/api/v3/brokerage/time", "/v2/currencies", "/v2/currencies/crypto", "/v2/exchange-rates"),
            .. AccessRow.Signed("GET /api/v3/brokerage/accounts", "GET /api/v3/brokerage/products", "GET /api/v3/brokerage/orders", "GET /v2/accounts", "GET /api/v3/brokerage/something-new"),
            AccessRow.Rejected(new("POST", "/api/v3/brokerage/orders", Body: "a=1", Format: BodyFormat.Form)),
            AccessRow.Rejected(new("POST", "/api/v3/brokerage/orders", Body: "<xml/>", Format: BodyFormat.Other)),
        ],
        Host = "api.coinbase.com",
        Declares = new(SignatureAlgorithm.EcdsaP256Sha256, ["Authorization", "CB-ACCESS-KEY", "CB-ACCESS-SIGN", "CB-ACCESS-TIMESTAMP"]),
    };
}
