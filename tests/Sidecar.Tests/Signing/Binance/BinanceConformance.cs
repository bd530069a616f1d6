using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Tests.Conformance;

namespace Sidecar.Tests.Signing.Binance;

/// <summary>Binance's rows for the shared signing conformance suites (data only; the checks are in Conformance/).</summary>
internal static class BinanceConformance
{
    private static readonly ConformanceRequest Order = new("POST", "/api/v3/order", Body: "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=65000.5&newClientOrderId=x-abc123&recvWindow=5000", Format: BodyFormat.Form);

    // Spot docs, "SIGNED Endpoint Examples for POST /api/v3/order — HMAC Keys".
    private const string SpotSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private const string SpotParams = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    private const string SpotSignature = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";

    // USD-M futures docs, "SIGNED Endpoint Examples for POST /fapi/v1/order".
    private const string FuturesSecret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";
    private const string FuturesParams = "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943";
    private const string FuturesSignature = "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9";

    // The docs' Ed25519 example request; the bot's own signature parameter is replaced.
    private const string Ed25519Params = "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&timestamp=1668481559918";

    // New rows (no test covered Binance's catalog before): from the endpoint table and the docs. Both schemes share the exchange's table.
    private static readonly CatalogRow[] Catalog = CatalogRow.Of(
        withdrawal: ["POST /sapi/v1/capital/withdraw/apply"],
        transfer: ["POST /sapi/v1/asset/transfer"],
        subAccount: ["POST /sapi/v1/sub-account/virtualSubAccount"],
        read: ["GET /api/v3/account"],
        trade: ["POST /api/v3/order"]);

    private static readonly OrderRow[] OrderReads =
    [
        OrderRow.Of(new("POST", "/api/v3/order", Body: "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=65000.5&newClientOrderId=x-abc123", Format: BodyFormat.Form), new OrderFields { Symbol = "BTCUSDT", Side = "BUY", Type = "LIMIT", Quantity = 0.01m, Price = 65000.5m, ClientOrderId = "x-abc123" }),
        OrderRow.NoOrder(new("GET", "/api/v3/account", Query: "timestamp=1499827319559")),
    ];

    public static SchemeConformance Hmac { get; } = new("binance-hmac")
    {
        Allocation =
        [
            new(Order, SessionKeyCopies: true),
            new(Order, SessionKeyCopies: false),
        ],
        KnownAnswers =
        [
            new("spot docs, form body", new("POST", "/api/v3/order", Body: SpotParams, Format: BodyFormat.Form), 1)
            {
                Secret = Encoding.UTF8.GetBytes(SpotSecret),
                Body = SpotParams + "&signature=" + SpotSignature,
                Mutation = ("price=0.1", "price=0.2"),
            },
            new("spot docs, query string", new("POST", "/api/v3/order", Query: SpotParams), 1)
            {
                Secret = Encoding.UTF8.GetBytes(SpotSecret),
                Query = SpotParams + "&signature=" + SpotSignature,
            },
            new("USD-M futures docs, form body", new("POST", "/fapi/v1/order", Body: FuturesParams, Format: BodyFormat.Form), 1)
            {
                Secret = Encoding.UTF8.GetBytes(FuturesSecret),
                Body = FuturesParams + "&signature=" + FuturesSignature,
            },
            new("USD-M futures docs, query string", new("POST", "/fapi/v1/order", Query: FuturesParams), 1)
            {
                Secret = Encoding.UTF8.GetBytes(FuturesSecret),
                Query = FuturesParams + "&signature=" + FuturesSignature,
            },

            // Docs example 3: the signature is the one over "…timeInForce=GTCquantity=1…" (no '&' between the two).
            new("spot docs example 3, mixed query and body", new("POST", "/api/v3/order", Query: "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC", Body: "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559", Format: BodyFormat.Form), 1)
            {
                Secret = Encoding.UTF8.GetBytes(SpotSecret),
                Body = "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77",
            },
        ],
        Catalog = Catalog,
        AcceptedFormats = [BodyFormat.None, BodyFormat.Form],
        OrderReads = OrderReads,
        Access =
        [
            .. AccessRow.Public("GET", "symbol=BTCUSDT", "/api/v3/exchangeInfo", "/api/v3/depth", "/fapi/v1/exchangeInfo", "/futures/data/openInterestHist"),
            // Paths are case-sensitive: an unknown spelling is signed, never passed unsigned.
            .. AccessRow.Signed("GET /api/v3/order", "GET /API/v3/exchangeInfo", "GET /sapi/v1/capital/withdraw/apply", "GET /api/v3/somethingNew"),
            AccessRow.Rejected(new("POST", "/api/v3/order", Body: "{\"symbol\":\"BTCUSDT\"}", Format: BodyFormat.Json), "x-www-form-urlencoded") with { LeavesNoHeader = false },
            AccessRow.Rejected(new("POST", "/api/v3/order", Body: "symbol=BTCUSDT", Format: BodyFormat.Other), "x-www-form-urlencoded") with { LeavesNoHeader = false },
            // A signature sent to an endpoint that is not signed (the DELETE found by ProxyProperties: a public endpoint with a form body).
            AccessRow.Rejected(new("GET", "/api/v3/exchangeInfo", Query: "symbol=BTCUSDT&signature=abc"), "'signature'"),
            AccessRow.Rejected(new("DELETE", "/api/v3/time", Body: "signature=%2526", Format: BodyFormat.Form), "'signature'"),
            AccessRow.Rejected(new("POST", "/api/v3/userDataStream", Query: "signature=abc"), "'signature'"),
            AccessRow.Rejected(new("PUT", "/fapi/v1/listenKey", Body: "a=1&signature=abc", Format: BodyFormat.Form), "'signature'"),
        ],
        Declares = new(SignatureAlgorithm.HmacSha256, ["X-MBX-APIKEY"]) { CredentialParameters = ["signature"] },
    };

    public static SchemeConformance Ed25519 { get; } = new("binance-ed25519")
    {
        Allocation =
        [
            new(Order, SessionKeyCopies: true),
        ],
        KnownAnswers =
        [
            // Binance publishes no Ed25519 private key: the signature must be base64, percent-encoded, last, and verify
            // over totalParams with an independent verifier (BouncyCastle). The primitive is pinned by RFC 8032 in BinanceEd25519Tests.
            new("docs Ed25519 example request, BouncyCastle verifier", new("POST", "/api/v3/order", Body: Ed25519Params + "&signature=placeholder", Format: BodyFormat.Form), 1)
            {
                Credentials = new("k"),
                BodyCarriesSignature = true,
                Verify = VerifyEd25519,
            },
        ],
        Catalog = Catalog,
        AcceptedFormats = [BodyFormat.None, BodyFormat.Form],
        OrderReads = OrderReads,
        Declares = new(SignatureAlgorithm.Ed25519, ["X-MBX-APIKEY"]) { CredentialParameters = ["signature"] },
    };

    private static string? VerifyEd25519(KnownAnswerSigned signed)
    {
        const string prefix = Ed25519Params + "&signature=";
        if (!signed.Body.StartsWith(prefix, StringComparison.Ordinal))
        {
            return "the body does not end in the signature parameter: " + signed.Body;
        }

        var encoded = signed.Body[prefix.Length..];
        if (encoded.AsSpan().IndexOfAny("+/=") >= 0)
        {
            return "the base64 signature is not percent-encoded: " + encoded;
        }

        var publicKey = PublicKeys.Ed25519FromPem(signed.PublicKeyPem!);
        var signature = Convert.FromBase64String(Uri.UnescapeDataString(encoded));
        if (!Verify(publicKey, Encoding.ASCII.GetBytes(Ed25519Params), signature))
        {
            return "the signature does not verify over totalParams";
        }

        return Verify(publicKey, Encoding.ASCII.GetBytes(Ed25519Params.Replace("0.2", "0.3", StringComparison.Ordinal)), signature)
            ? "the signature verifies over other parameters too"
            : null;
    }

    private static bool Verify(byte[] publicKey, byte[] message, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }
}
