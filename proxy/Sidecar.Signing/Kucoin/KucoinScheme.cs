using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Kucoin;

/// <summary>
/// KuCoin spot and futures REST with an API key of version 2 (docs, "Authentication → Signing a Message"):
/// <c>KC-API-SIGN = base64(HMAC-SHA256(secret, timestamp + METHOD + endpoint + body))</c>, where the timestamp is
/// Unix milliseconds (the same string as <c>KC-API-TIMESTAMP</c>), endpoint is the path plus <c>?query</c> for
/// requests that have one, and body is the raw JSON body ("" when none). <c>KC-API-PASSPHRASE</c> is
/// <c>base64(HMAC-SHA256(secret, passphrase))</c>, computed once in <see cref="Prepare"/> inside the HSM.
/// </summary>
/// <remarks>
/// <para>The docs require the URL in the prehash to be "the content that has not been URL-encoded" (their example
/// signs <c>passphrase=abc!@#11</c> for <c>passphrase=abc%21%40%2311</c> on the wire), and KuCoin's own SDKs send
/// spaces as <c>+</c> while signing a space. So the path and query are signed percent-decoded, with <c>+</c> in the
/// query decoded to a space; the bytes forwarded are the ones the bot sent. For ccxt, which sends its query
/// unencoded, the two are the same.</para>
/// <para>The bot's <c>KC-API-TIMESTAMP</c> is kept (and signed exactly as forwarded) when it is Unix milliseconds —
/// 13 ASCII digits, no leading zero — and replaced by Sidecar's clock otherwise. Every other <c>KC-API-*</c> header
/// the bot sent is replaced. That includes ccxt's broker headers <c>KC-API-PARTNER</c>,
/// <c>KC-API-PARTNER-SIGN</c> and <c>KC-API-PARTNER-VERIFY</c>: the partner signature is an HMAC of the timestamp,
/// the partner id and the bot's (placeholder) API key under ccxt's partner key, so once Sidecar replaces the key
/// and the timestamp it can only be wrong (and Sidecar does not hold ccxt's partner key to redo it). They are
/// removed (with <c>KC-BROKER-NAME</c>) rather than forwarded wrong, and the request is sent without broker
/// attribution.</para>
/// </remarks>
internal sealed class KucoinScheme : SigningScheme
{
    public const string ApiKeyHeader = "KC-API-KEY";
    public const string SignHeader = "KC-API-SIGN";
    public const string TimestampHeader = "KC-API-TIMESTAMP";
    public const string PassphraseHeader = "KC-API-PASSPHRASE";
    public const string KeyVersionHeader = "KC-API-KEY-VERSION";
    public const string PartnerHeader = "KC-API-PARTNER";
    public const string PartnerSignHeader = "KC-API-PARTNER-SIGN";
    public const string PartnerVerifyHeader = "KC-API-PARTNER-VERIFY";
    public const string BrokerNameHeader = "KC-BROKER-NAME";

    private static readonly string[] Headers =
    [
        ApiKeyHeader, SignHeader, TimestampHeader, PassphraseHeader, KeyVersionHeader,
        PartnerHeader, PartnerSignHeader, PartnerVerifyHeader, BrokerNameHeader,
    ];

    private static ReadOnlySpan<byte> KeyVersion => "2"u8;

    public override string Name => "kucoin";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override bool RequiresPassphrase => true;

    /// <summary>KC-API-PASSPHRASE for a version 2 key: base64(HMAC-SHA256(secret, passphrase)), signed in the HSM once.</summary>
    public override void Prepare(VenueCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var passphrase = credentials.Passphrase
            ?? throw new InvalidOperationException("The kucoin scheme needs the venue's passphrase (Venues:*:Passphrase).");
        var plain = System.Text.Encoding.UTF8.GetBytes(passphrase);
        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = credentials.Key.Sign(plain, mac).Length;
        credentials.PassphraseHeader = Convert.ToBase64String(mac[..macLength]);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(plain);
    }

    /// <summary>"All requests and responses are application/json": JSON bodies, or none.</summary>
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
            return output.Reject("KuCoin signs application/json request bodies only.");
        }

        var passphrase = credentials.PassphraseHeader;
        if (passphrase is null)
        {
            return output.Reject("The KuCoin venue has no signed passphrase (Venues:*:Passphrase).");
        }

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        // The bot's timestamp when well-formed, else Sidecar's; signed exactly as forwarded.
        Span<byte> timestamp = stackalloc byte[20];
        var botTimestamp = BotHeader(input, TimestampHeader);
        var timestampLength = !input.Restamp && IsUnixMilliseconds(botTimestamp)
            ? System.Text.Encoding.ASCII.GetBytes(botTimestamp, timestamp)
            : Timestamps.WriteInteger(input.UnixTimeMilliseconds, timestamp);

        var prehash = output.Prehash;
        prehash.Append(timestamp[..timestampLength]);
        AppendAscii(prehash, input.Method);
        UrlDecoding.AppendDecoded(prehash, input.Path, plusIsSpace: false);
        if (!input.Query.IsEmpty)
        {
            prehash.Append((byte)'?');
            UrlDecoding.AppendDecoded(prehash, input.Query, plusIsSpace: true);
        }

        prehash.Append(input.Body);

        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(credentials.Key, mac);
        Span<byte> signature = stackalloc byte[Base64.GetMaxEncodedToUtf8Length(SignatureAlgorithmFacts.MaxSignatureBytes)];
        Base64.EncodeToUtf8(mac[..macLength], signature, out _, out var signatureLength);

        output.Headers.Add(ApiKeyHeader, credentials.ApiKey);
        output.Headers.Add(SignHeader, signature[..signatureLength]);
        output.Headers.Add(TimestampHeader, timestamp[..timestampLength]);
        output.Headers.Add(PassphraseHeader, passphrase);
        output.Headers.Add(KeyVersionHeader, KeyVersion);
        return SignOutcome.Signed;
    }

    /// <summary>Unix milliseconds as KuCoin's docs spell them: 13 ASCII digits, the first not zero.</summary>
    internal static bool IsUnixMilliseconds([NotNullWhen(true)] string? value)
    {
        if (value is not { Length: 13 } || value[0] == '0')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendAscii(ByteBuilder destination, string value)
    {
        var span = destination.GetSpan(value.Length);
        var written = System.Text.Encoding.ASCII.GetBytes(value, span);
        destination.Advance(written);
    }
}
