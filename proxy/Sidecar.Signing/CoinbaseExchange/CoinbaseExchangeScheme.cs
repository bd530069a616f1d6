using System.Buffers.Text;
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
internal sealed class CoinbaseExchangeScheme : SigningScheme
{
    public const string ApiKeyHeader = "CB-ACCESS-KEY";
    public const string SignHeader = "CB-ACCESS-SIGN";
    public const string TimestampHeader = "CB-ACCESS-TIMESTAMP";
    public const string PassphraseHeader = "CB-ACCESS-PASSPHRASE";

    /// <summary>Ten integer digits, a '.', at most nine decimals.</summary>
    internal const int MaxTimestampLength = 20;

    /// <summary>Base64 of the longest signature a key returns (<see cref="SignatureAlgorithmFacts.MaxSignatureBytes"/>); HMAC-SHA256 takes 44.</summary>
    internal const int MaxEncodedSignatureBytes = 88;

    private static readonly string[] Headers = [ApiKeyHeader, SignHeader, TimestampHeader, PassphraseHeader];

    public override string Name => "coinbase-exchange";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override bool RequiresPassphrase => true;

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
            return output.Reject("Coinbase Exchange signs application/json request bodies only.");
        }

        var passphrase = credentials.PassphraseHeader;
        if (passphrase is null)
        {
            return output.Reject("The Coinbase Exchange venue has no passphrase (Venues:*:Passphrase).");
        }

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        Span<byte> timestamp = stackalloc byte[MaxTimestampLength];
        var botTimestamp = BotHeader(input, TimestampHeader);
        var timestampLength = !input.Restamp && IsBotTimestamp(botTimestamp)
            ? System.Text.Encoding.ASCII.GetBytes(botTimestamp, timestamp)
            : Timestamps.WriteInteger(input.UnixTimeMilliseconds / 1000, timestamp);

        WritePrehash(output.Prehash, timestamp[..timestampLength], input.Method, input.Path, input.Query, input.Body);
        Span<byte> signature = stackalloc byte[MaxEncodedSignatureBytes];
        var signatureLength = Sign(output, credentials.Key, signature);

        output.Headers.Add(ApiKeyHeader, credentials.ApiKey);
        output.Headers.Add(SignHeader, signature[..signatureLength]);
        output.Headers.Add(TimestampHeader, timestamp[..timestampLength]);
        output.Headers.Add(PassphraseHeader, passphrase);
        return SignOutcome.Signed;
    }

    /// <summary>
    /// Writes what Coinbase Exchange signs: <c>timestamp + METHOD + requestPath + body</c>, requestPath being the path
    /// plus <c>?query</c> when there is one. The WebSocket feed signs <c>timestamp + "GET" + "/users/self/verify"</c>.
    /// </summary>
    internal static void WritePrehash(ByteBuilder prehash, ReadOnlySpan<byte> timestamp, string method, ReadOnlySpan<byte> path, ReadOnlySpan<byte> query, ReadOnlySpan<byte> body)
    {
        prehash.Append(timestamp);
        AppendAscii(prehash, method);
        prehash.Append(path);
        if (!query.IsEmpty)
        {
            prehash.Append((byte)'?');
            prehash.Append(query);
        }

        prehash.Append(body);
    }

    /// <summary>
    /// HMAC-SHA256 of <paramref name="output"/>'s prehash with the base64-decoded secret in the HSM, written base64
    /// into <paramref name="destination"/> (at least <see cref="MaxEncodedSignatureBytes"/>); returns its length.
    /// </summary>
    /// <exception cref="SigningKeyUnavailableException">The HSM could not sign.</exception>
    internal static int Sign(SignedRequest output, ISigningKey key, Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(key, mac);
        Base64.EncodeToUtf8(mac[..macLength], destination, out _, out var written);
        return written;
    }

    /// <summary>
    /// A bot's <c>CB-ACCESS-TIMESTAMP</c>, strictly: Unix seconds as exactly ten ASCII digits without a leading zero
    /// (2001–2286), optionally followed by '.' and one to nine decimal digits (e.g. <c>1700000000</c>,
    /// <c>1700000000.123</c>). No signs, spaces, exponents or empty parts.
    /// </summary>
    internal static bool IsBotTimestamp([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) =>
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

    private static void AppendAscii(ByteBuilder destination, string value)
    {
        var span = destination.GetSpan(value.Length);
        var written = System.Text.Encoding.ASCII.GetBytes(value, span);
        destination.Advance(written);
    }
}
