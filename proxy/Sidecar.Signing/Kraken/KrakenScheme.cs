using System.Security.Cryptography;
using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Kraken;

/// <summary>
/// Kraken Spot REST private endpoints (docs.kraken.com, "Spot REST Authentication"):
/// <c>API-Sign = base64(HMAC-SHA512(base64decode(secret), urlpath + SHA256(nonce + postdata)))</c>, where urlpath is
/// the path starting with <c>/0/private</c> and postdata the body exactly as forwarded, which carries the
/// <c>nonce</c>. The key id goes in <c>API-Key</c>. The HSM holds the base64-DECODED secret (import it with
/// <c>sidecar keys import --encoding base64</c>).
/// <para>
/// Nonce: <c>credentials.Nonces.Next(max(now in µs, the bot's nonce))</c>, written back into the body. Kraken takes
/// any strictly increasing unsigned 64-bit integer; µs stay above the ms nonces ccxt sends, so a key moved
/// from a ccxt bot to Sidecar keeps working (moving it back needs a new key or a nonce window). The bot's nonce
/// counts only when it is plain ASCII digits (no sign, spaces, exponent or escapes) no larger than
/// <see cref="KrakenNonceField.MaxBotNonce"/>; any other value is replaced as if absent, so one absurd nonce cannot
/// exhaust the key's nonce space.
/// </para>
/// <para>
/// Bodies: <c>application/x-www-form-urlencoded</c> (Kraken's documented format) and JSON objects (ccxt sends JSON
/// for AddOrderBatch / CancelOrderBatch and trigger-percent orders; the signature is computed the same way).
/// </para>
/// </summary>
internal sealed class KrakenScheme : SigningScheme
{
    public const string ApiKeyHeader = "API-Key";
    public const string SignatureHeader = "API-Sign";

    private static readonly string[] Headers = [ApiKeyHeader, SignatureHeader];

    public override string Name => "kraken";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha512;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override bool UsesNonces => true;

    public override bool Accepts(BodyFormat format) => format is BodyFormat.None or BodyFormat.Form or BodyFormat.Json;

    public override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        if (StartsPublic(input, output))
        {
            return SignOutcome.PassThrough;
        }

        if (credentials.Nonces is not { } nonces)
        {
            return output.Reject("This Kraken venue has no nonce source.");
        }

        var now = input.UnixTimeMilliseconds * 1000;
        Span<byte> digits = stackalloc byte[20];
        int digitsLength;
        switch (input.BodyFormat)
        {
            case BodyFormat.None or BodyFormat.Form:
            {
                var nonce = nonces.Next(Math.Max(now, KrakenNonceField.ReadFormNonce(input.Body)));
                digitsLength = Timestamps.WriteInteger(nonce, digits);
                KrakenNonceField.WriteForm(input.Body, digits[..digitsLength], output.Body);
                break;
            }

            case BodyFormat.Json:
            {
                if (!KrakenNonceField.TryFindJsonNonce(input.Body, out var found))
                {
                    return output.Reject("Kraken JSON bodies must be one JSON object with at most one top-level nonce.");
                }

                var nonce = nonces.Next(Math.Max(now, found.Value));
                digitsLength = Timestamps.WriteInteger(nonce, digits);
                KrakenNonceField.WriteJson(input.Body, found, digits[..digitsLength], output.Body);
                break;
            }

            default:
                return output.Reject("Kraken signs application/x-www-form-urlencoded and application/json bodies only.");
        }

        output.Query.Append(input.Query);

        // SHA256(nonce + POST data), built in the prehash buffer, which then becomes urlpath + that digest.
        Span<byte> inner = stackalloc byte[SHA256.HashSizeInBytes];
        output.Prehash.Append(digits[..digitsLength]);
        output.Prehash.Append(output.Body.WrittenSpan);
        SHA256.HashData(output.Prehash.WrittenSpan, inner);
        output.Prehash.Clear();
        output.Prehash.Append(input.Path);
        output.Prehash.Append(inner);

        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(credentials.Key, mac);

        Span<byte> base64 = stackalloc byte[((SignatureAlgorithmFacts.MaxSignatureBytes + 2) / 3) * 4];
        Base64.EncodeToUtf8(mac[..macLength], base64, out _, out var base64Length);

        output.Headers.Add(ApiKeyHeader, credentials.ApiKey);
        output.Headers.Add(SignatureHeader, base64[..base64Length]);
        return SignOutcome.Signed;
    }
}
