using System.Buffers;

namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>
/// Coinbase Advanced Trade with a CDP API key ("Coinbase App API Key Authentication" and "JWT Authentication",
/// docs.cdp.coinbase.com): every private request carries <c>Authorization: Bearer &lt;JWT&gt;</c>, a fresh ES256
/// JWT per request (<see cref="CoinbaseJwt"/>) whose claims include <c>"uri":"METHOD host/path"</c>. The key name
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

    /// <summary>Above this the Authorization value is assembled in a pooled array instead of on the stack.</summary>
    private const int StackLimit = 2048;

    private static readonly string[] Headers = [AuthorizationHeader, "CB-ACCESS-KEY", "CB-ACCESS-SIGN", "CB-ACCESS-TIMESTAMP"];

    public override string Name => "coinbase-advanced";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.EcdsaP256Sha256;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override bool Accepts(BodyFormat format) => format is BodyFormat.None or BodyFormat.Json;

    public override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        if (StartsJsonOnly(input, output, "Coinbase Advanced Trade takes application/json request bodies only.") is { } outcome)
        {
            return outcome;
        }

        var host = input.Host;
        if (host.Length == 0)
        {
            return output.Reject("Coinbase Advanced Trade signs the exchange's host name, and none is configured.");
        }

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        var prehash = output.Prehash;
        CoinbaseJwt.WriteSigningInput(prehash, credentials.ApiKey, input.UnixTimeMilliseconds / 1000, input.Method, host, input.Path);
        Span<byte> signature = stackalloc byte[CoinbaseJwt.MaxEncodedSignatureBytes];
        var signatureLength = CoinbaseJwt.Sign(output, credentials.Key, signature);

        var signed = prehash.WrittenSpan;
        var valueLength = "Bearer "u8.Length + signed.Length + 1 + signatureLength;
        byte[]? rented = null;
        Span<byte> value = valueLength <= StackLimit
            ? stackalloc byte[StackLimit]
            : rented = ArrayPool<byte>.Shared.Rent(valueLength);
        try
        {
            var length = Literal("Bearer "u8, value);
            length += Literal(signed, value[length..]);
            value[length++] = (byte)'.';
            length += Literal(signature[..signatureLength], value[length..]);
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
