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
internal sealed class KucoinScheme() : HmacBase64PassphraseScheme(
    ApiKeyHeader, SignHeader, TimestampHeader, PassphraseHeader,
    "KuCoin signs application/json request bodies only.",
    "The KuCoin venue has no signed passphrase (Venues:*:Passphrase).")
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

    public override IReadOnlyList<string> CredentialHeaders => Headers;

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

    protected override bool KeepsBotTimestamp([NotNullWhen(true)] string? value) => IsUnixMilliseconds(value);

    protected override int WriteTimestamp(long unixTimeMilliseconds, Span<byte> destination) =>
        Timestamps.WriteInteger(unixTimeMilliseconds, destination);

    /// <summary>The path and query signed percent-decoded, <c>+</c> in the query a space (see the remarks).</summary>
    protected override void AppendRequestPath(ByteBuilder prehash, ReadOnlySpan<byte> path, ReadOnlySpan<byte> query)
    {
        UrlDecoding.AppendDecoded(prehash, path, plusIsSpace: false);
        if (!query.IsEmpty)
        {
            prehash.Append((byte)'?');
            UrlDecoding.AppendDecoded(prehash, query, plusIsSpace: true);
        }
    }

    protected override void AddVenueHeaders(SignedRequest output) => output.Headers.Add(KeyVersionHeader, KeyVersion);

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
}
