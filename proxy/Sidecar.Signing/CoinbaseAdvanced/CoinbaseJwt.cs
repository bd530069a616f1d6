using System.Security.Cryptography;
using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>
/// The ES256 JWT of a CDP API key ("JWT Authentication", docs.cdp.coinbase.com), shared by REST requests and
/// WebSocket subscribe frames. Header <c>{"alg":"ES256","kid":keyName,"nonce":randomHex,"typ":"JWT"}</c>, claims
/// <c>{"sub":keyName,"iss":"cdp","nbf":now,"exp":now+120[,"uri":"METHOD host/path"]}</c>, signature ECDSA P-256
/// over SHA-256 as raw r‖s, all three base64url without padding. REST JWTs carry the <c>uri</c> claim; WebSocket
/// JWTs do not ("WebSocket JWTs are not built with a request method or request path", "WebSocket Authentication").
/// </summary>
internal static class CoinbaseJwt
{
    /// <summary>"Your JWT expires after 2 minutes": <c>exp = nbf + 120</c>.</summary>
    public const int LifetimeSeconds = 120;

    /// <summary>Random bytes behind the hex nonce (ccxt and the CDP SDKs use 16).</summary>
    public const int NonceBytes = 16;

    /// <summary>The longest base64url ES256 signature: 64 bytes of r‖s.</summary>
    public const int MaxEncodedSignatureBytes = 88;

    /// <summary>Writes a REST JWT's signing input (with <c>uri = "METHOD host/path"</c>) into <paramref name="prehash"/>.</summary>
    public static void WriteSigningInput(ByteBuilder prehash, string keyName, long notBefore, string method, string host, ReadOnlySpan<byte> path)
    {
        WriteHeader(prehash, keyName);
        WriteClaims(prehash, keyName, notBefore, withUri: true, method, host, path);
    }

    /// <summary>Writes a WebSocket JWT's signing input (no <c>uri</c> claim) into <paramref name="prehash"/>.</summary>
    public static void WriteSigningInput(ByteBuilder prehash, string keyName, long notBefore)
    {
        WriteHeader(prehash, keyName);
        WriteClaims(prehash, keyName, notBefore, withUri: false, "", "", default);
    }

    /// <summary>
    /// Signs <paramref name="output"/>'s prehash (the signing input) with <paramref name="key"/> and writes the
    /// base64url signature into <paramref name="destination"/> (at least <see cref="MaxEncodedSignatureBytes"/>); returns its length.
    /// </summary>
    /// <exception cref="SigningKeyUnavailableException">The HSM could not sign.</exception>
    public static int Sign(SignedRequest output, ISigningKey key, Span<byte> destination)
    {
        Span<byte> signature = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var length = output.SignPrehash(key, signature);
        Base64Url.EncodeToUtf8(signature[..length], destination, out _, out var written);
        return written;
    }

    // base64url(header) '.': the JSON text is written into the prehash buffer and encoded in place (the encoding is
    // longer than its input, so it fits where the JSON was).
    private static void WriteHeader(ByteBuilder prehash, string keyName)
    {
        Span<byte> random = stackalloc byte[NonceBytes];
        RandomNumberGenerator.Fill(random);
        Span<byte> nonce = stackalloc byte[NonceBytes * 2];
        Hex.EncodeLower(random, nonce);

        var headerMax = 64 + nonce.Length + (JwtJson.MaxEscapedBytesPerChar * keyName.Length);
        var region = prehash.GetSpan(Base64Url.GetEncodedLength(headerMax));
        var json = 0;
        json += Literal("{\"alg\":\"ES256\",\"kid\":\""u8, region[json..]);
        json += JwtJson.WriteEscaped(keyName, region[json..]);
        json += Literal("\",\"nonce\":\""u8, region[json..]);
        json += Literal(nonce, region[json..]);
        json += Literal("\",\"typ\":\"JWT\"}"u8, region[json..]);
        Base64Url.TryEncodeToUtf8InPlace(region, json, out var encoded);
        prehash.Advance(encoded);
        prehash.Append((byte)'.');
    }

    private static void WriteClaims(ByteBuilder prehash, string keyName, long notBefore, bool withUri, string method, string host, ReadOnlySpan<byte> path)
    {
        var claimsMax = 128 + method.Length + (JwtJson.MaxEscapedBytesPerChar * (keyName.Length + host.Length + path.Length));
        var region = prehash.GetSpan(Base64Url.GetEncodedLength(claimsMax));
        var json = 0;
        json += Literal("{\"sub\":\""u8, region[json..]);
        json += JwtJson.WriteEscaped(keyName, region[json..]);
        json += Literal("\",\"iss\":\"cdp\",\"nbf\":"u8, region[json..]);
        json += Timestamps.WriteInteger(notBefore, region[json..]);
        json += Literal(",\"exp\":"u8, region[json..]);
        json += Timestamps.WriteInteger(notBefore + LifetimeSeconds, region[json..]);
        if (withUri)
        {
            json += Literal(",\"uri\":\""u8, region[json..]);
            json += JwtJson.WriteEscaped(method, region[json..]);
            region[json++] = (byte)' ';
            json += JwtJson.WriteEscaped(host, region[json..]);
            json += JwtJson.WriteEscaped(path, region[json..]);
            region[json++] = (byte)'"';
        }

        region[json++] = (byte)'}';
        Base64Url.TryEncodeToUtf8InPlace(region, json, out var encoded);
        prehash.Advance(encoded);
    }

    private static int Literal(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
