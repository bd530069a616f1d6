using System.Diagnostics.CodeAnalysis;
using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.CoinbaseExchange;

/// <summary>
/// Coinbase Exchange REST ("Exchange REST API Authentication", docs.cdp.coinbase.com/exchange/rest-api/authentication):
/// <c>CB-ACCESS-SIGN = base64(HMAC-SHA256(base64decode(secret), timestamp + METHOD + requestPath + body))</c>.
/// The timestamp is Unix seconds (the same string as <c>CB-ACCESS-TIMESTAMP</c>), requestPath is the path plus
/// <c>?query</c> exactly as forwarded (what Coinbase's own clients and ccxt sign), body is the raw JSON body ("" when
/// none). The HSM holds the base64-DECODED secret as the HMAC key. Key and passphrase go in
/// <c>CB-ACCESS-KEY</c> / <c>CB-ACCESS-PASSPHRASE</c>.
/// </summary>
/// <remarks>
/// The bot's <c>CB-ACCESS-KEY</c>, <c>-SIGN</c> and <c>-PASSPHRASE</c> are always replaced. Its
/// <c>CB-ACCESS-TIMESTAMP</c> is kept — forwarded and signed byte-for-byte — when well-formed ("number of seconds
/// since Unix Epoch in UTC. Decimal values are allowed", see <see cref="IsBotTimestamp"/>); otherwise the sidecar
/// sends now in whole seconds. Bodies must be JSON ("All request bodies should have content type
/// application/json and be valid JSON"); anything else is refused.
/// </remarks>
internal sealed class CoinbaseExchangeScheme() : HmacBase64PassphraseScheme(
    ApiKeyHeader, SignHeader, TimestampHeader, PassphraseHeader,
    "Coinbase Exchange signs application/json request bodies only.",
    "The Coinbase Exchange venue has no passphrase (Venues:*:Passphrase).")
{
    public const string ApiKeyHeader = "CB-ACCESS-KEY";
    public const string SignHeader = "CB-ACCESS-SIGN";
    public const string TimestampHeader = "CB-ACCESS-TIMESTAMP";
    public const string PassphraseHeader = "CB-ACCESS-PASSPHRASE";

    /// <summary>Ten integer digits, a '.', at most nine decimals.</summary>
    internal const int MaxTimestampLength = 20;

    private static readonly string[] Headers = [ApiKeyHeader, SignHeader, TimestampHeader, PassphraseHeader];

    public override string Name => "coinbase-exchange";

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    protected override bool KeepsBotTimestamp([NotNullWhen(true)] string? value) => IsBotTimestamp(value);

    /// <summary>Now in whole Unix seconds.</summary>
    protected override int WriteTimestamp(long unixTimeMilliseconds, Span<byte> destination) =>
        Timestamps.WriteInteger(unixTimeMilliseconds / 1000, destination);

    /// <summary>
    /// Writes what Coinbase Exchange signs: <c>timestamp + METHOD + requestPath + body</c>, requestPath being the path
    /// plus <c>?query</c> when there is one. The WebSocket feed signs <c>timestamp + "GET" + "/users/self/verify"</c>.
    /// </summary>
    internal static void WritePrehash(ByteBuilder prehash, ReadOnlySpan<byte> timestamp, string method, ReadOnlySpan<byte> path, ReadOnlySpan<byte> query, ReadOnlySpan<byte> body)
    {
        prehash.Append(timestamp);
        prehash.AppendAscii(method);
        AppendPathAndQuery(prehash, path, query);
        prehash.Append(body);
    }

    /// <summary>
    /// A bot's <c>CB-ACCESS-TIMESTAMP</c>, strictly: Unix seconds as exactly ten ASCII digits without a leading zero
    /// (2001–2286), optionally followed by '.' and one to nine decimal digits (e.g. <c>1700000000</c>,
    /// <c>1700000000.123</c>). No signs, spaces, exponents or empty parts.
    /// </summary>
    internal static bool IsBotTimestamp([NotNullWhen(true)] string? value) =>
        value is not null && IsBotTimestamp(value.AsSpan());

    /// <inheritdoc cref="IsBotTimestamp(string?)"/>
    internal static bool IsBotTimestamp(ReadOnlySpan<char> value)
    {
        if (value.Length < 10 || value.Length > MaxTimestampLength || value[0] == '0')
        {
            return false;
        }

        for (var i = 0; i < 10; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }
        }

        if (value.Length == 10)
        {
            return true;
        }

        if (value[10] != '.' || value.Length == 11)
        {
            return false;
        }

        for (var i = 11; i < value.Length; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
