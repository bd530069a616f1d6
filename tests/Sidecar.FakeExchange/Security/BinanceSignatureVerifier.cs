using Sidecar.FakeExchange.Http;

namespace Sidecar.FakeExchange.Security;

/// <summary>The verdict on one request's signature, and the payload it was checked against.</summary>
/// <param name="Check">Valid, Invalid or Missing (never NotRequired: the caller decides whether a signature is needed).</param>
/// <param name="TotalParams">The signed payload (query + body with the signature removed), when the signature could be located.</param>
internal readonly record struct SignatureVerification(SignatureCheck Check, string? TotalParams);

/// <summary>
/// Binance HMAC-SHA256 request signatures, written from Binance's "SIGNED Endpoint security" docs, independently of
/// Sidecar's signer:
/// <list type="bullet">
/// <item>totalParams is the query string concatenated with the request body, with no separator between them
/// (both exactly as sent, i.e. still percent-encoded), and with the <c>signature</c> parameter removed;</item>
/// <item>signature = hex(HMAC-SHA256(secretKey, totalParams)); hex is not case sensitive;</item>
/// <item>the signature must be the end part of the query string or of the request body (USDⓈ-M docs).</item>
/// </list>
/// </summary>
internal static class BinanceSignatureVerifier
{
    public const string SignatureParameter = "signature";

    private const int HmacSha256Length = 32;

    /// <summary>Lowercase hex HMAC-SHA256 of <paramref name="totalParams"/> (UTF-8) under <paramref name="secret"/>.</summary>
    public static string ComputeSignature(ReadOnlySpan<byte> secret, string totalParams) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(totalParams)));

    /// <summary>Checks the <c>signature</c> parameter of a request, given its raw query string (without '?') and raw body.</summary>
    public static SignatureVerification Verify(ReadOnlySpan<byte> secret, string rawQuery, string rawBody)
    {
        var hmacKey = secret.ToArray();
        return Verify(rawQuery, rawBody, (totalParams, value) => HmacMatches(hmacKey, totalParams, value));
    }

    /// <summary>Whether <paramref name="hex"/> (either case) is HMAC-SHA256(<paramref name="secret"/>, UTF-8 payload).</summary>
    public static bool HmacMatches(byte[] secret, string payload, string hex)
    {
        var expected = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(payload));
        var provided = TryParseHex(hex);
        return provided is not null && CryptographicOperations.FixedTimeEquals(expected, provided);
    }

    /// <summary>Whether <paramref name="base64"/> is an Ed25519 signature of the UTF-8 payload under <paramref name="publicKey"/>.</summary>
    public static bool Ed25519Matches(byte[] publicKey, string payload, string base64)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return false;
        }

        var message = Encoding.UTF8.GetBytes(payload);
        var verifier = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
        verifier.Init(false, new Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters(publicKey));
        verifier.BlockUpdate(message, 0, message.Length);
        return signature.Length == 64 && verifier.VerifySignature(signature);
    }

    /// <summary>
    /// Ed25519 keys ("SIGNED Endpoint Example … Ed25519 Keys"): signature = base64(Ed25519(privateKey, totalParams)),
    /// percent-encoded in the parameter because base64 uses '+', '/' and '='.
    /// </summary>
    public static SignatureVerification VerifyEd25519(byte[] publicKey, string rawQuery, string rawBody) =>
        Verify(rawQuery, rawBody, (totalParams, value) => Ed25519Matches(publicKey, totalParams, Uri.UnescapeDataString(value)));

    private static SignatureVerification Verify(string rawQuery, string rawBody, Func<string, string, bool> check)
    {
        var inQuery = Locate(rawQuery);
        var inBody = Locate(rawBody);
        if (inQuery.Count + inBody.Count == 0)
        {
            return new SignatureVerification(SignatureCheck.Missing, null);
        }

        if (inQuery.Count + inBody.Count > 1)
        {
            return new SignatureVerification(SignatureCheck.Invalid, null);
        }

        var (raw, segments, signature) = inQuery.Count == 1
            ? (rawQuery, inQuery.Segments, inQuery.Signature)
            : (rawBody, inBody.Segments, inBody.Signature);

        var value = signature.Value;
        if (value.Length == 0)
        {
            return new SignatureVerification(SignatureCheck.Missing, null);
        }

        // The signature must be the last parameter of the part that carries it, with nothing after it.
        if (segments[^1] != signature || signature.Start + signature.Length != raw.Length)
        {
            return new SignatureVerification(SignatureCheck.Invalid, null);
        }

        var withoutSignature = signature.Start == 0 ? string.Empty : raw[..(signature.Start - 1)];
        var totalParams = inQuery.Count == 1 ? withoutSignature + rawBody : rawQuery + withoutSignature;

        return new SignatureVerification(check(totalParams, value) ? SignatureCheck.Valid : SignatureCheck.Invalid, totalParams);
    }

    private static (int Count, List<RawParameter> Segments, RawParameter Signature) Locate(string raw)
    {
        var segments = RawParameters.Split(raw);
        var found = segments.Where(s => string.Equals(s.Name, SignatureParameter, StringComparison.Ordinal)).ToList();
        return (found.Count, segments, found.Count == 1 ? found[0] : default);
    }

    private static byte[]? TryParseHex(string value)
    {
        if (value.Length != HmacSha256Length * 2)
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(value);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
