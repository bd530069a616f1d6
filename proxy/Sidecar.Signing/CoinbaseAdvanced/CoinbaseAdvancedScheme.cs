using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>
/// Coinbase Advanced Trade with a CDP API key ("Coinbase App API Key Authentication" and "JWT Authentication",
/// docs.cdp.coinbase.com): every private request carries <c>Authorization: Bearer &lt;JWT&gt;</c>, a fresh ES256
/// JWT per request. Header <c>{"alg":"ES256","kid":keyName,"nonce":randomHex,"typ":"JWT"}</c>, claims
/// <c>{"sub":keyName,"iss":"cdp","nbf":now,"exp":now+120,"uri":"METHOD host/path"}</c>, signature ECDSA P-256 over
/// SHA-256 as raw r‖s (JWS), all three base64url without padding. The key name
/// (<c>organizations/{org}/apiKeys/{id}</c>) is the venue's ApiKey; the host is the exchange's own host
/// (<see cref="SigningInput.Host"/>, e.g. api.coinbase.com); the uri claim carries the path only, never the query
/// (the docs build it from request_path, and Coinbase's SDKs strip the query).
/// </summary>
/// <remarks>
/// Query and body are forwarded exactly as sent and are not covered by the JWT (Coinbase signs neither). Bodies must
/// be JSON. Whatever the bot sent in <c>Authorization</c> (ccxt signs with a placeholder key) and in the legacy
/// <c>CB-ACCESS-*</c> HMAC headers is removed.
/// </remarks>
internal sealed class CoinbaseAdvancedScheme : SigningScheme
{
    public const string AuthorizationHeader = "Authorization";

    /// <summary>"Your JWT expires after 2 minutes": <c>exp = nbf + 120</c>.</summary>
    public const int LifetimeSeconds = 120;

    /// <summary>Random bytes behind the hex nonce (ccxt and the CDP SDKs use 16).</summary>
    public const int NonceBytes = 16;

    /// <summary>Above this the Authorization value is assembled in a pooled array instead of on the stack.</summary>
    private const int StackLimit = 2048;

    private static readonly string[] Headers = [AuthorizationHeader, "CB-ACCESS-KEY", "CB-ACCESS-SIGN", "CB-ACCESS-TIMESTAMP"];

    public override string Name => "coinbase-advanced";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.EcdsaP256Sha256;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override bool Accepts(BodyFormat format) => format is BodyFormat.None or BodyFormat.Json;

    public override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        output.Reset();
        var access = AccessOf(input);
        output.Access = access;
        if (access == EndpointAccess.Public)
        {
            return SignOutcome.PassThrough;
        }

        if (input.BodyFormat is BodyFormat.Form or BodyFormat.Other)
        {
            return output.Reject("Coinbase Advanced Trade takes application/json request bodies only.");
        }

        var host = input.Host;
        if (host.Length == 0)
        {
            return output.Reject("Coinbase Advanced Trade signs the exchange's host name, and none is configured.");
        }

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        var keyName = credentials.ApiKey;
        var notBefore = input.UnixTimeMilliseconds / 1000;
        Span<byte> random = stackalloc byte[NonceBytes];
        RandomNumberGenerator.Fill(random);
        Span<byte> nonce = stackalloc byte[NonceBytes * 2];
        Hex.EncodeLower(random, nonce);

        // base64url(header) '.' base64url(claims): each JSON text is written into the prehash buffer and encoded
        // in place (the encoding is longer than its input, so it fits where the JSON was).
        var prehash = output.Prehash;
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

        var claimsMax = 128 + input.Method.Length
            + (JwtJson.MaxEscapedBytesPerChar * (keyName.Length + host.Length + input.Path.Length));
        region = prehash.GetSpan(Base64Url.GetEncodedLength(claimsMax));
        json = 0;
        json += Literal("{\"sub\":\""u8, region[json..]);
        json += JwtJson.WriteEscaped(keyName, region[json..]);
        json += Literal("\",\"iss\":\"cdp\",\"nbf\":"u8, region[json..]);
        json += Timestamps.WriteInteger(notBefore, region[json..]);
        json += Literal(",\"exp\":"u8, region[json..]);
        json += Timestamps.WriteInteger(notBefore + LifetimeSeconds, region[json..]);
        json += Literal(",\"uri\":\""u8, region[json..]);
        json += JwtJson.WriteEscaped(input.Method, region[json..]);
        region[json++] = (byte)' ';
        json += JwtJson.WriteEscaped(host, region[json..]);
        json += JwtJson.WriteEscaped(input.Path, region[json..]);
        json += Literal("\"}"u8, region[json..]);
        Base64Url.TryEncodeToUtf8InPlace(region, json, out encoded);
        prehash.Advance(encoded);

        Span<byte> signature = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var signatureLength = output.SignPrehash(credentials.Key, signature);

        var signed = prehash.WrittenSpan;
        var valueLength = "Bearer "u8.Length + signed.Length + 1 + Base64Url.GetEncodedLength(signatureLength);
        byte[]? rented = null;
        Span<byte> value = valueLength <= StackLimit
            ? stackalloc byte[StackLimit]
            : rented = ArrayPool<byte>.Shared.Rent(valueLength);
        try
        {
            var length = Literal("Bearer "u8, value);
            length += Literal(signed, value[length..]);
            value[length++] = (byte)'.';
            Base64Url.EncodeToUtf8(signature[..signatureLength], value[length..], out _, out var signatureWritten);
            length += signatureWritten;
            output.Headers.Add(AuthorizationHeader, value[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return SignOutcome.Signed;
    }

    private static int Literal(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
