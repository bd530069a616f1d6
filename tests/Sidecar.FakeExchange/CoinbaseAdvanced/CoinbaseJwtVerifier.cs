using System.Collections.Concurrent;

namespace Sidecar.FakeExchange.CoinbaseAdvanced;

/// <summary>
/// Checks a Coinbase CDP API-key JWT the way the docs describe it ("Coinbase App API Key Authentication", "JWT
/// Authentication"): ES256 over base64url(header) '.' base64url(claims) as raw r‖s; header alg ES256, kid = key name,
/// typ JWT, a nonce used once; claims sub = key name, iss "cdp" (Coinbase's own SDK coinbase-advanced-py and ccxt
/// still send the older "coinbase-cloud", also accepted), nbf/exp with exp at most 120 s after nbf, and
/// uri = "METHOD host/path" without the query (REST; a WebSocket JWT has no uri). Written with
/// System.Security.Cryptography, independent of Sidecar.
/// </summary>
internal sealed class CoinbaseJwtVerifier : IDisposable
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);
    private readonly ECDsa _publicKey = ECDsa.Create();
    private readonly string _keyName;
    private readonly string _host;
    private readonly ConcurrentDictionary<string, byte> _usedNonces = new(StringComparer.Ordinal);

    public CoinbaseJwtVerifier(string keyName, string publicKeyPem, string host)
    {
        _keyName = keyName;
        _host = host;
        _publicKey.ImportFromPem(publicKeyPem);
    }

    /// <summary>Null when the JWT is valid for this request; otherwise why not.</summary>
    public string? Check(string? authorization, string method, string path, DateTimeOffset now)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return "missing bearer token";
        }

        return CheckToken(authorization["Bearer ".Length..], $"{method} {_host}{path}", now, out _);
    }

    /// <summary>
    /// Null when a WebSocket subscribe's <c>jwt</c> is valid: the same checks, except that it carries no
    /// <c>uri</c> ("WebSocket JWTs are not built with a request method or request path", "WebSocket Authentication").
    /// <paramref name="keyName"/> is its <c>kid</c> when it could be read.
    /// </summary>
    public string? CheckWebSocket(string jwt, DateTimeOffset now, out string? keyName) => CheckToken(jwt, expectedUri: null, now, out keyName);

    private string? CheckToken(string token, string? expectedUri, DateTimeOffset now, out string? keyName)
    {
        keyName = null;
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return "malformed JWT";
        }

        byte[] signature;
        JsonElement header;
        JsonElement claims;
        try
        {
            signature = Base64UrlDecode(parts[2]);
            header = JsonDocument.Parse(Base64UrlDecode(parts[0])).RootElement;
            claims = JsonDocument.Parse(Base64UrlDecode(parts[1])).RootElement;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return "malformed JWT";
        }

        keyName = Text(header, "kid");
        if (signature.Length != 64
            || !_publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return "invalid signature";
        }

        if (Text(header, "alg") != "ES256" || Text(header, "typ") != "JWT")
        {
            return "wrong alg or typ";
        }

        if (Text(header, "kid") != _keyName || Text(claims, "sub") != _keyName)
        {
            return "unknown key";
        }

        if (Text(claims, "iss") is not ("cdp" or "coinbase-cloud"))
        {
            return "wrong issuer";
        }

        if (claims.TryGetProperty("aud", out var audience)
            && (audience.ValueKind != JsonValueKind.Array || !audience.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == "retail_rest_api_proxy")))
        {
            return "wrong audience";
        }

        if (!claims.TryGetProperty("nbf", out var nbf) || !nbf.TryGetInt64(out var notBefore)
            || !claims.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expires))
        {
            return "missing nbf or exp";
        }

        var seconds = now.ToUnixTimeSeconds();
        if (notBefore > seconds + (long)ClockSkew.TotalSeconds || expires <= seconds - (long)ClockSkew.TotalSeconds || expires - notBefore > 120)
        {
            return "expired or not yet valid";
        }

        if (expectedUri is null ? claims.TryGetProperty("uri", out _) || claims.TryGetProperty("uris", out _) : Text(claims, "uri") != expectedUri)
        {
            return expectedUri is null ? "a WebSocket JWT has no uri claim" : "uri does not match the request";
        }

        var nonce = Text(header, "nonce");
        if (string.IsNullOrEmpty(nonce) || !_usedNonces.TryAdd(nonce, 0))
        {
            return "nonce missing or reused";
        }

        return null;
    }

    public void Dispose() => _publicKey.Dispose();

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}
