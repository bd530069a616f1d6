using Sidecar.Signing.Encoding;

namespace Sidecar.Signing.Bybit;

/// <summary>
/// Bybit V5 with a system-generated (HMAC) API key (V5 docs, "Integration Guidance" → "Authentication"):
/// <c>X-BAPI-SIGN = hex(HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload))</c>, where the payload is
/// the query string as sent for GET and the raw JSON body for POST. The key, timestamp and receive window travel
/// in <c>X-BAPI-API-KEY</c>, <c>X-BAPI-TIMESTAMP</c> and <c>X-BAPI-RECV-WINDOW</c>.
/// </summary>
/// <remarks>
/// The bot's <c>X-BAPI-*</c> headers are always replaced: <see cref="SigningInput"/> carries no request headers, so
/// a timestamp or receive window the bot sent in a header cannot be kept; Sidecar's clock and the documented default
/// receive window (5000 ms) are used. <c>X-BAPI-SIGN-TYPE</c> is not sent: the V5 docs do not define it (ccxt sends
/// it only for the legacy V3 unified/contract paths) and a bot-sent one is removed. Broker headers
/// (<c>Referer</c>/<c>X-Referer</c>) are not signed by Bybit and pass through.
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

    private static readonly string[] Headers = [ApiKeyHeader, TimestampHeader, RecvWindowHeader, SignHeader, SignTypeHeader];

    private static ReadOnlySpan<byte> RecvWindow => "5000"u8;

    public override string Name => "bybit-v5";

    public override SignatureAlgorithm Algorithm => SignatureAlgorithm.HmacSha256;

    public override IReadOnlyList<string> CredentialHeaders => Headers;

    public override EndpointAccess Classify(string method, ReadOnlySpan<byte> path) => BybitEndpoints.Classify(path);

    public override Policy.EndpointCatalog Endpoints => BybitCatalog.Instance;

    /// <summary>GET parameters are in the query; POST parameters in a JSON body.</summary>
    public override bool Accepts(BodyFormat format) => format is BodyFormat.None or BodyFormat.Json;

    public override Policy.OrderRead ReadOrders(string method, ReadOnlySpan<byte> path, ReadOnlySpan<byte> query, ReadOnlySpan<byte> body, BodyFormat bodyFormat) =>
        BybitOrders.Read(method, path, body);

    public override SignOutcome Sign(scoped in SigningInput input, VenueCredentials credentials, SignedRequest output)
    {
        output.Reset();
        var access = Classify(input.Method, input.Path);
        output.Access = access;
        if (access == EndpointAccess.Public)
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

        Span<byte> timestamp = stackalloc byte[20];
        var timestampLength = Timestamps.WriteInteger(input.UnixTimeMilliseconds, timestamp);

        var prehash = output.Prehash;
        prehash.Append(timestamp[..timestampLength]);
        AppendUtf8(prehash, credentials.ApiKey);
        prehash.Append(RecvWindow);
        prehash.Append(payload);

        Span<byte> mac = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes];
        var macLength = output.SignPrehash(credentials.Key, mac);
        Span<byte> hex = stackalloc byte[SignatureAlgorithmFacts.MaxSignatureBytes * 2];
        var hexLength = Hex.EncodeLower(mac[..macLength], hex);

        output.Headers.Add(ApiKeyHeader, credentials.ApiKey);
        output.Headers.Add(TimestampHeader, timestamp[..timestampLength]);
        output.Headers.Add(RecvWindowHeader, RecvWindow);
        output.Headers.Add(SignHeader, hex[..hexLength]);
        return SignOutcome.Signed;
    }

    private static void AppendUtf8(ByteBuilder destination, string value)
    {
        var span = destination.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(value.Length));
        var written = System.Text.Encoding.UTF8.GetBytes(value, span);
        destination.Advance(written);
    }
}
