using System.Diagnostics.CodeAnalysis;

namespace Sidecar.Signing;

/// <summary>
/// The REST signature OKX, KuCoin and Coinbase Exchange share: <c>base64(HMAC-SHA256(secret, timestamp + METHOD +
/// requestPath + body))</c> over JSON bodies (or none), sent with the key, the signature, the timestamp and a
/// passphrase in four headers. Each venue's folder says how its timestamp is spelled (and which bot timestamps are
/// kept), how it writes requestPath, and any header of its own; the order of the work and the bytes signed are the
/// same for all three.
/// </summary>
/// <param name="apiKeyHeader">Carries the venue's API key.</param>
/// <param name="signHeader">Carries the base64 signature.</param>
/// <param name="timestampHeader">Carries the timestamp signed (the bot's, when kept).</param>
/// <param name="passphraseHeader">Carries the passphrase (or what the venue derives from it).</param>
/// <param name="jsonOnlyRefusal">The refusal of a form or other non-JSON body, in the venue's words.</param>
/// <param name="noPassphraseRefusal">The refusal when the venue has no passphrase to send.</param>
internal abstract class HmacBase64PassphraseScheme(
    string apiKeyHeader,
    string signHeader,
    string timestampHeader,
    string passphraseHeader,
    string jsonOnlyRefusal,
    string noPassphraseRefusal) : SigningScheme
{
    /// <summary>Room for the longest timestamp any of the venues writes (OKX's ISO 8601 is 24 characters).</summary>
    private const int MaxTimestampBytes = 40;

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    public override bool RequiresPassphrase => true;

    /// <summary>The venues' docs: request bodies are application/json; JSON bodies, or none.</summary>
    public override bool Accepts(BodyFormat format) => format is BodyFormat.None or BodyFormat.Json;

    public sealed override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        if (StartsJsonOnly(input, output, jsonOnlyRefusal) is { } outcome)
        {
            return outcome;
        }

        var passphrase = credentials.PassphraseHeader;
        if (passphrase is null)
        {
            return output.Reject(noPassphraseRefusal);
        }

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        // The bot's timestamp when well-formed, else Sidecar's; signed exactly as forwarded.
        Span<byte> timestamp = stackalloc byte[MaxTimestampBytes];
        var botTimestamp = BotHeader(input, timestampHeader);
        var timestampLength = !input.Restamp && KeepsBotTimestamp(botTimestamp)
            ? System.Text.Encoding.ASCII.GetBytes(botTimestamp, timestamp)
            : WriteTimestamp(input.UnixTimeMilliseconds, timestamp);

        var prehash = output.Prehash;
        prehash.Append(timestamp[..timestampLength]);
        prehash.AppendAscii(input.Method);
        AppendRequestPath(prehash, input.Path, input.Query);
        prehash.Append(input.Body);

        Span<byte> signature = stackalloc byte[MaxEncodedSignatureBytes];
        var signatureLength = SignBase64(output, credentials.Key, signature);

        output.Headers.Add(apiKeyHeader, credentials.ApiKey);
        output.Headers.Add(signHeader, signature[..signatureLength]);
        output.Headers.Add(timestampHeader, timestamp[..timestampLength]);
        output.Headers.Add(passphraseHeader, passphrase);
        AddVenueHeaders(output);
        return SignOutcome.Signed;
    }

    /// <summary>Base64 of the longest signature a key returns (<see cref="SignatureAlgorithmFacts.MaxSignatureBytes"/>); HMAC-SHA256 takes 44.</summary>
    internal const int MaxEncodedSignatureBytes = 88;

    /// <summary>
    /// The signature of <paramref name="output"/>'s prehash by <paramref name="key"/> in the HSM, written base64 into
    /// <paramref name="destination"/> (at least <see cref="MaxEncodedSignatureBytes"/>); returns its length.
    /// </summary>
    /// <exception cref="SigningKeyUnavailableException">The HSM could not sign.</exception>
    internal static int SignBase64(SignedRequest output, ISigningKey key, Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(key, mac);
        Base64.EncodeToUtf8(mac[..macLength], destination, out _, out var written);
        return written;
    }

    /// <summary>requestPath as the docs of OKX and Coinbase Exchange sign it: the path, then <c>?query</c> when there is one, as sent.</summary>
    internal static void AppendPathAndQuery(ByteBuilder prehash, ReadOnlySpan<byte> path, ReadOnlySpan<byte> query)
    {
        prehash.Append(path);
        if (!query.IsEmpty)
        {
            prehash.Append((byte)'?');
            prehash.Append(query);
        }
    }

    /// <summary>Whether the bot's timestamp header is spelled as the venue's docs spell it (then it is kept).</summary>
    protected abstract bool KeepsBotTimestamp([NotNullWhen(true)] string? value);

    /// <summary>Writes Sidecar's timestamp in the venue's spelling; returns its length.</summary>
    protected abstract int WriteTimestamp(long unixTimeMilliseconds, Span<byte> destination);

    /// <summary>Writes requestPath into the prehash; by default the path and <c>?query</c> exactly as forwarded.</summary>
    protected virtual void AppendRequestPath(ByteBuilder prehash, ReadOnlySpan<byte> path, ReadOnlySpan<byte> query) =>
        AppendPathAndQuery(prehash, path, query);

    /// <summary>Headers a venue sends besides the four (e.g. KuCoin's key version).</summary>
    protected virtual void AddVenueHeaders(SignedRequest output)
    {
    }
}
