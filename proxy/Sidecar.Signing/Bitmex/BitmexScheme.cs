using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Bitmex;

/// <summary>
/// BitMEX API keys ("API Keys Usage", www.bitmex.com/app/apiKeysUsage):
/// <c>api-signature = hex(HMAC_SHA256(apiSecret, verb + path + expires + data))</c>, where verb is upper case, path
/// is the path plus <c>?query</c> exactly as forwarded (the docs' second example signs the URL-encoded query),
/// expires is the Unix-seconds value sent in <c>api-expires</c>, and data is the raw body exactly as sent ("" when
/// none). The key id goes in <c>api-key</c>.
/// </summary>
/// <remarks>
/// <para>expires: the bot's own <c>api-expires</c> when it sent a well-formed one — Unix seconds in the future and at
/// most <see cref="MaxBotExpiresAheadSeconds"/> ahead (see <see cref="IsBotExpires"/>) — forwarded and signed
/// byte-for-byte; otherwise now + <see cref="ExpiresAfterSeconds"/>. The docs set no window; BitMEX's reference
/// market maker uses 5 s, this allows some clock skew while keeping replays short.</para>
/// <para>BitMEX takes JSON or form bodies ("You can send JSON or form encoding, just ensure you use the exact same
/// body string in the HMAC"); other bodies are refused. The bot's <c>api-key</c>, <c>api-signature</c> (and the
/// deprecated <c>api-nonce</c>) are always removed, as is an <c>api-expires</c> that is not kept.</para>
/// </remarks>
internal sealed class BitmexScheme : SigningScheme
{
    public const string ExpiresHeader = "api-expires";
    public const string ApiKeyHeader = "api-key";
    public const string SignatureHeader = "api-signature";

    /// <summary>How far ahead of now <c>api-expires</c> is set.</summary>
    public const long ExpiresAfterSeconds = 30;

    /// <summary>The furthest ahead of now a bot-sent <c>api-expires</c> may be and still be kept: one hour. A request
    /// valid for longer is a long-lived replayable credential, so such a value is replaced.</summary>
    public const long MaxBotExpiresAheadSeconds = 3600;

    private static readonly string[] Headers = [ExpiresHeader, ApiKeyHeader, SignatureHeader, "api-nonce"];

    public override string Name => "bitmex";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        return StartsPublic(input, output) ? SignOutcome.PassThrough : SignPrivate(input, credentials, output);
    }

    /// <summary>
    /// The signing step proper, for a request already classified as private (and for the docs' worked examples,
    /// two of which sign the public <c>GET /api/v1/instrument</c>). Expects a reset <paramref name="output"/>.
    /// </summary>
    internal SignOutcome SignPrivate(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        if (input.BodyFormat is BodyFormat.Other)
        {
            return output.Reject("BitMEX signs application/json and application/x-www-form-urlencoded request bodies only.");
        }

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        Span<byte> expires = stackalloc byte[20];
        var nowSeconds = input.UnixTimeMilliseconds / 1000;
        var botExpires = BotHeader(input, ExpiresHeader);
        var expiresLength = !input.Restamp && IsBotExpires(botExpires, nowSeconds)
            ? System.Text.Encoding.ASCII.GetBytes(botExpires, expires)
            : Timestamps.WriteInteger(nowSeconds + ExpiresAfterSeconds, expires);

        var prehash = output.Prehash;
        prehash.AppendAscii(input.Method);
        prehash.Append(input.Path);
        if (!input.Query.IsEmpty)
        {
            prehash.Append((byte)'?');
            prehash.Append(input.Query);
        }

        prehash.Append(expires[..expiresLength]);
        prehash.Append(input.Body);

        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(credentials.Key, mac);
        Span<byte> signature = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes * 2];
        var signatureLength = Hex.EncodeLower(mac[..macLength], signature);

        output.Headers.Add(ExpiresHeader, expires[..expiresLength]);
        output.Headers.Add(ApiKeyHeader, credentials.ApiKey);
        output.Headers.Add(SignatureHeader, signature[..signatureLength]);
        return SignOutcome.Signed;
    }

    /// <summary>
    /// A bot's <c>api-expires</c>, strictly: Unix seconds as 1–12 ASCII digits without a leading zero, later than
    /// <paramref name="nowSeconds"/> and at most <see cref="MaxBotExpiresAheadSeconds"/> after it. Anything else
    /// (letters, signs, decimals, empty, too long, already expired, absurdly far ahead) is replaced.
    /// </summary>
    internal static bool IsBotExpires([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value, long nowSeconds)
    {
        if (value is null || value.Length is 0 or > 12 || value[0] == '0')
        {
            return false;
        }

        long expires = 0;
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            expires = (expires * 10) + (c - '0');
        }

        return expires > nowSeconds && expires <= nowSeconds + MaxBotExpiresAheadSeconds;
    }
}
