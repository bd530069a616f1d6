using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Gate;

/// <summary>
/// Gate API v4 (gate.com/docs/developers/apiv4, "APIv4 signed request requirements" and "API Signature string
/// generation"): <c>SIGN = hex(HMAC-SHA512(secret, METHOD + "\n" + URL + "\n" + query + "\n" +
/// hex(SHA512(body)) + "\n" + Timestamp))</c>, with headers <c>KEY</c>, <c>Timestamp</c> (Unix seconds; at most
/// 60 s from Gate's clock) and <c>SIGN</c>.
/// <list type="bullet">
/// <item>URL is the request path without protocol, host and port, <em>including</em> the <c>/api/v4</c> prefix
/// (docs: "e.g. /api/v4/futures/orders"; ccxt signs <c>'/api/' + version + path</c>).</item>
/// <item>query is the query string "without URL encode", in the order sent: the forwarded query is signed after
/// form-decoding (<c>%XX</c> → byte, <c>+</c> → space), as Gate's own SDK does
/// (<c>unquote_plus(urlencode(query))</c>) and ccxt does (it signs <c>rawencode</c> and sends <c>urlencode</c>).
/// The bytes forwarded are the bot's, untouched.</item>
/// <item>body is the JSON body exactly as forwarded (empty string when there is none).</item>
/// </list>
/// The bot's <c>KEY</c> and <c>SIGN</c> are always replaced. Its <c>Timestamp</c> is kept (and signed exactly as
/// forwarded) when it is Unix seconds — 10 ASCII digits, no leading zero — optionally with a fraction of 1 to 9
/// digits after a '.', as Gate's own Python SDK sends <c>str(time.time())</c>; otherwise Sidecar sets it from its
/// clock (whole seconds, as ccxt sends).
/// </summary>
internal sealed class GateScheme : SigningScheme
{
    public const string ApiKeyHeader = "KEY";
    public const string TimestampHeader = "Timestamp";
    public const string SignatureHeader = "SIGN";

    /// <summary>The longest timestamp kept from a bot: 10 digits, '.', 9 digits.</summary>
    private const int MaxTimestampLength = 20;

    private static readonly string[] Headers = [ApiKeyHeader, TimestampHeader, SignatureHeader];

    public override string Name => "gate-v4";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha512;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override bool Accepts(BodyFormat format) => format is BodyFormat.None or BodyFormat.Json;

    public override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        if (StartsJsonOnly(input, output, "Gate API v4 signs application/json bodies only.") is { } outcome)
        {
            return outcome;
        }

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        // The bot's timestamp when well-formed, else Sidecar's; signed exactly as forwarded.
        Span<byte> timestamp = stackalloc byte[MaxTimestampLength];
        var botTimestamp = BotHeader(input, TimestampHeader);
        var timestampLength = !input.Restamp && IsUnixSeconds(botTimestamp)
            ? System.Text.Encoding.ASCII.GetBytes(botTimestamp, timestamp)
            : Timestamps.WriteInteger(input.UnixTimeMilliseconds / 1000, timestamp);

        var method = output.Prehash.GetSpan(input.Method.Length);
        Ascii.FromUtf16(input.Method, method, out var methodLength);
        output.Prehash.Advance(methodLength);
        output.Prehash.Append((byte)'\n');
        output.Prehash.Append(input.Path);
        output.Prehash.Append((byte)'\n');
        AppendFormDecoded(input.Query, output.Prehash);
        output.Prehash.Append((byte)'\n');
        Span<byte> bodyHash = stackalloc byte[SHA512.HashSizeInBytes];
        SHA512.HashData(input.Body, bodyHash);
        var bodyHex = output.Prehash.GetSpan(SHA512.HashSizeInBytes * 2);
        output.Prehash.Advance(Hex.EncodeLower(bodyHash, bodyHex));
        output.Prehash.Append((byte)'\n');
        output.Prehash.Append(timestamp[..timestampLength]);

        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(credentials.Key, mac);
        Span<byte> hex = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes * 2];
        var hexLength = Hex.EncodeLower(mac[..macLength], hex);

        output.Headers.Add(ApiKeyHeader, credentials.ApiKey);
        output.Headers.Add(TimestampHeader, timestamp[..timestampLength]);
        output.Headers.Add(SignatureHeader, hex[..hexLength]);
        return SignOutcome.Signed;
    }

    /// <summary>
    /// Unix seconds: 10 ASCII digits, the first not zero, optionally followed by '.' and 1 to 9 digits
    /// (e.g. <c>1700000000</c>, <c>1700000000.123456</c>). No sign, exponent, spaces or other lengths.
    /// </summary>
    internal static bool IsUnixSeconds([NotNullWhen(true)] string? value)
    {
        if (value is null || value.Length < 10 || value.Length == 11 || value.Length > MaxTimestampLength || value[0] == '0')
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (i == 10 ? value[i] != '.' : !char.IsAsciiDigit(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Python's <c>unquote_plus</c> on bytes: <c>+</c> → space, valid <c>%XX</c> → that byte, anything else as is.</summary>
    internal static void AppendFormDecoded(ReadOnlySpan<byte> query, ByteBuilder destination)
    {
        for (var i = 0; i < query.Length; i++)
        {
            var b = query[i];
            if (b == (byte)'+')
            {
                destination.Append((byte)' ');
            }
            else if (b == (byte)'%' && i + 2 < query.Length && HexValue(query[i + 1]) is >= 0 and var high && HexValue(query[i + 2]) is >= 0 and var low)
            {
                destination.Append((byte)((high << 4) | low));
                i += 2;
            }
            else
            {
                destination.Append(b);
            }
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
