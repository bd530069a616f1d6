using System.Diagnostics.CodeAnalysis;
using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Bybit;

/// <summary>
/// Bybit V5 with a system-generated (HMAC) API key (V5 docs, "Integration Guidance" → "Authentication"):
/// <c>X-BAPI-SIGN = hex(HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload))</c>, where the payload is
/// the query string as sent for GET and the raw JSON body for POST. The key, timestamp and receive window travel
/// in <c>X-BAPI-API-KEY</c>, <c>X-BAPI-TIMESTAMP</c> and <c>X-BAPI-RECV-WINDOW</c>.
/// </summary>
/// <remarks>
/// The bot's key and signature are always replaced. Its <c>X-BAPI-TIMESTAMP</c> is kept (and signed exactly as
/// forwarded) when it is Unix milliseconds — 13 ASCII digits, no leading zero — and its <c>X-BAPI-RECV-WINDOW</c>
/// when it is 1 to 6 ASCII digits with no leading zero (1–999999 ms); each one the bot did not send, or sent in any
/// other spelling, is replaced by Sidecar's clock or the documented default window (5000 ms).
/// <c>X-BAPI-SIGN-TYPE</c> is not sent: the V5 docs do not define it (ccxt sends it only for the legacy V3
/// unified/contract paths) and a bot-sent one is removed. Broker headers (<c>Referer</c>/<c>X-Referer</c>) are not
/// signed by Bybit and pass through.
/// </remarks>
internal sealed class BybitScheme : SigningScheme
{
    public const string ApiKeyHeader = "X-BAPI-API-KEY";
    public const string TimestampHeader = "X-BAPI-TIMESTAMP";
    public const string RecvWindowHeader = "X-BAPI-RECV-WINDOW";
    public const string SignHeader = "X-BAPI-SIGN";
    public const string SignTypeHeader = "X-BAPI-SIGN-TYPE";

    /// <summary>The receive window Bybit assumes when none is sent, sent explicitly so the signed value is visible.</summary>
    public const int DefaultRecvWindow = 5000;

    /// <summary>The longest bot receive window kept, in digits (999999 ms).</summary>
    private const int MaxRecvWindowDigits = 6;

    private static readonly string[] Headers = [ApiKeyHeader, TimestampHeader, RecvWindowHeader, SignHeader, SignTypeHeader];

    private static ReadOnlySpan<byte> RecvWindow => "5000"u8;

    public override string Name => "bybit-v5";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    /// <summary>GET parameters are in the query; POST parameters in a JSON body.</summary>
    public override bool Accepts(BodyFormat format) => format is BodyFormat.None or BodyFormat.Json;

    public override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        if (StartsPublic(input, output))
        {
            return SignOutcome.PassThrough;
        }

        ReadOnlySpan<byte> payload;
        if (string.Equals(input.Method, "GET", StringComparison.Ordinal))
        {
            if (!input.Body.IsEmpty)
            {
                return output.Reject("Bybit signs the query string of GET requests; a GET request must not carry a body.");
            }

            payload = input.Query;
        }
        else if (string.Equals(input.Method, "POST", StringComparison.Ordinal))
        {
            if (input.BodyFormat is BodyFormat.Form or BodyFormat.Other)
            {
                return output.Reject("Bybit signs application/json request bodies only.");
            }

            if (!input.Query.IsEmpty)
            {
                return output.Reject("Bybit signs the JSON body of POST requests; parameters in the query string would be forwarded unsigned.");
            }

            payload = input.Body;
        }
        else
        {
            return output.Reject("Bybit V5 signs GET and POST requests only.");
        }

        output.Query.Append(input.Query);
        output.Body.Append(input.Body);

        // The bot's timestamp and receive window when well-formed, else Sidecar's; signed exactly as forwarded.
        Span<byte> timestamp = stackalloc byte[20];
        var botTimestamp = BotHeader(input, TimestampHeader);
        var timestampLength = !input.Restamp && IsUnixMilliseconds(botTimestamp)
            ? System.Text.Encoding.ASCII.GetBytes(botTimestamp, timestamp)
            : Timestamps.WriteInteger(input.UnixTimeMilliseconds, timestamp);
        Span<byte> recvWindow = stackalloc byte[MaxRecvWindowDigits];
        var botRecvWindow = BotHeader(input, RecvWindowHeader);
        var recvWindowLength = IsRecvWindow(botRecvWindow)
            ? System.Text.Encoding.ASCII.GetBytes(botRecvWindow, recvWindow)
            : CopyDefault(RecvWindow, recvWindow);

        var prehash = output.Prehash;
        prehash.Append(timestamp[..timestampLength]);
        AppendUtf8(prehash, credentials.ApiKey);
        prehash.Append(recvWindow[..recvWindowLength]);
        prehash.Append(payload);

        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(credentials.Key, mac);
        Span<byte> hex = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes * 2];
        var hexLength = Hex.EncodeLower(mac[..macLength], hex);

        output.Headers.Add(ApiKeyHeader, credentials.ApiKey);
        output.Headers.Add(TimestampHeader, timestamp[..timestampLength]);
        output.Headers.Add(RecvWindowHeader, recvWindow[..recvWindowLength]);
        output.Headers.Add(SignHeader, hex[..hexLength]);
        return SignOutcome.Signed;
    }

    /// <summary>Unix milliseconds as Bybit's docs spell them: 13 ASCII digits, the first not zero.</summary>
    internal static bool IsUnixMilliseconds([NotNullWhen(true)] string? value) =>
        value is { Length: 13 } && value[0] != '0' && IsAsciiDigits(value);

    /// <summary>A receive window in milliseconds: 1 to 6 ASCII digits, the first not zero.</summary>
    internal static bool IsRecvWindow([NotNullWhen(true)] string? value) =>
        value is { Length: >= 1 and <= MaxRecvWindowDigits } && value[0] != '0' && IsAsciiDigits(value);

    private static bool IsAsciiDigits(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int CopyDefault(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        value.CopyTo(destination);
        return value.Length;
    }

    private static void AppendUtf8(ByteBuilder destination, string value)
    {
        var span = destination.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(value.Length));
        var written = System.Text.Encoding.UTF8.GetBytes(value, span);
        destination.Advance(written);
    }
}
