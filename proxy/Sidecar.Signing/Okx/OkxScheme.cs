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
internal sealed class OkxScheme() : HmacBase64PassphraseScheme(
    ApiKeyHeader, SignHeader, TimestampHeader, PassphraseHeader,
    "OKX signs application/json request bodies only.",
    "The OKX venue has no passphrase (Venues:*:Passphrase).")
{
    public const string ApiKeyHeader = "OK-ACCESS-KEY";
    public const string SignHeader = "OK-ACCESS-SIGN";
    public const string TimestampHeader = "OK-ACCESS-TIMESTAMP";
    public const string PassphraseHeader = "OK-ACCESS-PASSPHRASE";

    private static readonly string[] Headers = [ApiKeyHeader, SignHeader, TimestampHeader, PassphraseHeader];

    public override string Name => "okx-v5";

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    protected override bool KeepsBotTimestamp([NotNullWhen(true)] string? value) => IsIso8601Millis(value);

    protected override int WriteTimestamp(long unixTimeMilliseconds, Span<byte> destination) =>
        Timestamps.WriteIso8601Millis(unixTimeMilliseconds, destination);

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
}
