using Sidecar.FakeExchange.Binance;
using Sidecar.FakeExchange.Http;

namespace Sidecar.FakeExchange.Security;

/// <summary>What the X-MBX-APIKEY header amounts to.</summary>
internal enum ApiKeyStatus
{
    Missing,
    Accepted,
    Rejected,
}

/// <summary>
/// Applies Binance's endpoint security: USER_STREAM needs the right X-MBX-APIKEY; SIGNED (TRADE/USER_DATA) needs
/// the key, a timestamp and a valid HMAC signature, and the timestamp must pass the documented timing check:
/// <c>timestamp &lt; serverTime + 1000 &amp;&amp; serverTime - timestamp &lt;= recvWindow</c> (recvWindow defaults to
/// 5000, at most 60000). Check order: API key (-2014 missing, -2015 wrong), signature present (-1102), timestamp
/// present (-1102), signature valid (-1022), recvWindow (-1102), timing (-1021).
/// </summary>
internal sealed class RequestAuthenticator(string apiKey, byte[] secret, byte[]? ed25519PublicKey, ServerClock clock)
{
    private const int DefaultRecvWindowMilliseconds = 5000;
    private const int AheadToleranceMilliseconds = 1000;

    // Spot accepts timestamps in microseconds as well; anything this large cannot be milliseconds.
    private const long MicrosecondTimestampThreshold = 100_000_000_000_000;

    private readonly byte[] _apiKey = Encoding.UTF8.GetBytes(apiKey);

    /// <summary>The signature verdict, computed for every request to a SIGNED endpoint whatever else is wrong with
    /// it, so the journal always says whether the signer got it right.</summary>
    public SignatureCheck InspectSignature(EndpointSecurity security, string rawQuery, string rawBody) =>
        security == EndpointSecurity.Signed
            ? (ed25519PublicKey is null
                ? BinanceSignatureVerifier.Verify(secret, rawQuery, rawBody)
                : BinanceSignatureVerifier.VerifyEd25519(ed25519PublicKey, rawQuery, rawBody)).Check
            : SignatureCheck.NotRequired;

    /// <summary>True when the account's key is Ed25519 (the only key type Binance lets log on a WebSocket session).</summary>
    public bool IsEd25519 => ed25519PublicKey is not null;

    /// <summary>
    /// Whether <paramref name="signature"/> signs <paramref name="payload"/> with the account's key: hex HMAC-SHA256
    /// (either case), or base64 Ed25519 as sent (WebSocket API parameters are JSON, not percent-encoded).
    /// </summary>
    public bool SignatureMatches(string payload, string signature) =>
        ed25519PublicKey is null
            ? BinanceSignatureVerifier.HmacMatches(secret, payload, signature)
            : BinanceSignatureVerifier.Ed25519Matches(ed25519PublicKey, payload, signature);

    /// <summary>The error to answer, or null when the request may be processed.</summary>
    public BinanceError? Authenticate(BinanceRequest request, EndpointSecurity security, SignatureCheck signature) =>
        security switch
        {
            EndpointSecurity.None => null,
            EndpointSecurity.UserStream => CheckApiKey(request),
            _ => CheckSigned(request, signature),
        };

    private BinanceError? CheckSigned(BinanceRequest request, SignatureCheck signature)
    {
        if (CheckApiKey(request) is { } keyError)
        {
            return keyError;
        }

        if (signature == SignatureCheck.Missing)
        {
            return BinanceErrors.MandatoryParameter(BinanceSignatureVerifier.SignatureParameter);
        }

        if (!request.Parameters.TryGetLong("timestamp", out var timestamp, out var timestampError) || timestamp is null)
        {
            return timestampError ?? BinanceErrors.MandatoryParameter("timestamp");
        }

        if (signature != SignatureCheck.Valid)
        {
            return BinanceErrors.InvalidSignature;
        }

        return CheckTiming(timestamp.Value, request.Parameters.Get("recvWindow"));
    }

    /// <summary>Whether the X-MBX-APIKEY header is absent, the configured key, or something else.</summary>
    public ApiKeyStatus DescribeApiKey(string? header, int headerCount)
    {
        if (headerCount == 0 || string.IsNullOrEmpty(header))
        {
            return ApiKeyStatus.Missing;
        }

        return headerCount == 1 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), _apiKey)
            ? ApiKeyStatus.Accepted
            : ApiKeyStatus.Rejected;
    }

    private BinanceError? CheckApiKey(BinanceRequest request) =>
        DescribeApiKey(request.ApiKeyHeader, request.ApiKeyHeaderCount) switch
        {
            ApiKeyStatus.Missing => BinanceErrors.ApiKeyFormatInvalid,
            ApiKeyStatus.Rejected => BinanceErrors.ApiKeyRejected,
            _ => null,
        };

    /// <summary>The documented timing rule (recvWindow default 5000, at most 60000, three decimals; timestamp in ms or
    /// µs): null when the request is in time, otherwise the -1102/-1021 error.</summary>
    public BinanceError? CheckTiming(long timestamp, string? rawRecvWindow)
    {
        decimal recvWindow = DefaultRecvWindowMilliseconds;
        if (rawRecvWindow is not null)
        {
            // Spot: "recvWindow supports up to three decimal places of precision".
            if (!decimal.TryParse(rawRecvWindow, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out recvWindow) ||
                decimal.Round(recvWindow, 3) != recvWindow || recvWindow <= 0)
            {
                return BinanceErrors.MandatoryParameter("recvWindow");
            }

            if (recvWindow > BinanceErrors.MaxRecvWindow)
            {
                return BinanceErrors.RecvWindowTooLarge;
            }
        }

        decimal timestampMs = timestamp >= MicrosecondTimestampThreshold ? timestamp / 1000m : timestamp;
        decimal serverTime = clock.NowMilliseconds;
        if (timestampMs >= serverTime + AheadToleranceMilliseconds)
        {
            return BinanceErrors.TimestampAhead;
        }

        return serverTime - timestampMs > recvWindow ? BinanceErrors.TimestampOutsideRecvWindow : null;
    }
}
