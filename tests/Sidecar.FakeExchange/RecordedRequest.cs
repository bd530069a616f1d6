namespace Sidecar.FakeExchange;

/// <summary>One request as the fake received it, and what it answered.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">The path exactly as received (raw, not decoded), without the query.</param>
/// <param name="RawQuery">The query string exactly as received, without '?', not decoded; "" when absent.</param>
/// <param name="Body">The request body as received (UTF-8); "" when empty.</param>
/// <param name="ContentType">The Content-Type header, if any.</param>
/// <param name="ApiKeyHeader">The X-MBX-APIKEY header, if any.</param>
/// <param name="Origin">The Origin header, if any.</param>
/// <param name="Signature">The verdict on the HMAC signature (NotRequired for public and USER_STREAM endpoints).</param>
/// <param name="Status">The HTTP status answered.</param>
/// <param name="BinanceCode">The Binance error code answered, or null on success (and on 404/405).</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string RawQuery,
    string Body,
    string? ContentType,
    string? ApiKeyHeader,
    string? Origin,
    SignatureCheck Signature,
    int Status,
    int? BinanceCode);

/// <summary>What the fake concluded about a request's <c>signature</c> parameter.</summary>
public enum SignatureCheck
{
    /// <summary>The endpoint is not SIGNED (public market data, or USER_STREAM which needs the API key only).</summary>
    NotRequired,

    /// <summary>HMAC-SHA256(secret, totalParams) matches, and the signature is the last parameter of its part.</summary>
    Valid,

    /// <summary>The signature does not match, is not hex of the right length, or is not the last parameter.</summary>
    Invalid,

    /// <summary>A SIGNED endpoint was called without a (non-empty) signature parameter.</summary>
    Missing,
}
