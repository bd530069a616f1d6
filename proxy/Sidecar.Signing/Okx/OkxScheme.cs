using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Okx;

/// <summary>
/// OKX V5 REST (docs-v5, "Overview → REST Authentication → Signature"):
/// <c>OK-ACCESS-SIGN = base64(HMAC-SHA256(secret, timestamp + method + requestPath + body))</c>, where the timestamp
/// is ISO 8601 UTC with milliseconds (the same string as <c>OK-ACCESS-TIMESTAMP</c>), the method is upper case,
/// requestPath is the path plus <c>?query</c> exactly as sent, and body is the raw JSON body ("" when none). The key
/// and the passphrase travel as they are in <c>OK-ACCESS-KEY</c> and <c>OK-ACCESS-PASSPHRASE</c>.
/// </summary>
/// <remarks>
/// The bot's key, signature and passphrase headers are always replaced. Its <c>OK-ACCESS-TIMESTAMP</c> is kept (and
/// signed exactly as forwarded) when it is spelled as the docs and ccxt spell it — exactly
/// <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, 24 ASCII characters naming a real UTC date and time — and replaced by Sidecar's
/// clock otherwise. <c>x-simulated-trading</c> (demo trading) is not signed by OKX and passes through, as does
/// everything in the body (e.g. ccxt's broker <c>clOrdId</c> prefix and <c>tag</c>), which is signed as sent.
/// </remarks>
internal sealed class OkxScheme : SigningScheme
{
    public const string ApiKeyHeader = "OK-ACCESS-KEY";
    public const string SignHeader = "OK-ACCESS-SIGN";
    public const string TimestampHeader = "OK-ACCESS-TIMESTAMP";
    public const string PassphraseHeader = "OK-ACCESS-PASSPHRASE";

    private static readonly string[] Headers = [ApiKeyHeader, SignHeader, TimestampHeader, PassphraseHeader];

    public override string Name => "okx-v5";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override bool RequiresPassphrase => true;

    /// <summary>"All requests should have content of type application/json": JSON bodies, or none.</summary>
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
            return output.Reject("OKX signs application/json request bodies only.");
        }

        var passphrase = credentials.PassphraseHeader;
        if (passphrase is null)
        {
            return output.Reject("The OKX venue has no passphrase (Venues:*:Passphrase).");
        }

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        // The bot's timestamp when well-formed, else Sidecar's; signed exactly as forwarded.
        Span<byte> timestamp = stackalloc byte[40];
        var botTimestamp = BotHeader(input, TimestampHeader);
        var timestampLength = !input.Restamp && IsIso8601Millis(botTimestamp)
            ? System.Text.Encoding.ASCII.GetBytes(botTimestamp, timestamp)
            : Timestamps.WriteIso8601Millis(input.UnixTimeMilliseconds, timestamp);

        var prehash = output.Prehash;
        prehash.Append(timestamp[..timestampLength]);
        AppendAscii(prehash, input.Method);
        prehash.Append(input.Path);
        if (!input.Query.IsEmpty)
        {
            prehash.Append((byte)'?');
            prehash.Append(input.Query);
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
        return SignOutcome.Signed;
    }

    /// <summary>
    /// Exactly <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (e.g. <c>2020-12-08T09:08:57.715Z</c>): ASCII digits and separators in
    /// place, a month, day (for that month and year), hour, minute and second that exist. No offsets, no other
    /// precision, no lower-case 't' or 'z'.
    /// </summary>
    internal static bool IsIso8601Millis([NotNullWhen(true)] string? value)
    {
        if (value is not { Length: 24 }
            || value[4] != '-' || value[7] != '-' || value[10] != 'T' || value[13] != ':' || value[16] != ':'
            || value[19] != '.' || value[23] != 'Z')
        {
            return false;
        }

        if (!TryDigits(value, 0, 4, out var year) || !TryDigits(value, 5, 2, out var month) || !TryDigits(value, 8, 2, out var day)
            || !TryDigits(value, 11, 2, out var hour) || !TryDigits(value, 14, 2, out var minute)
            || !TryDigits(value, 17, 2, out var second) || !TryDigits(value, 20, 3, out _))
        {
            return false;
        }

        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && hour <= 23 && minute <= 59 && second <= 59;
    }

    private static bool TryDigits(string value, int start, int count, out int number)
    {
        number = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = value[i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
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
