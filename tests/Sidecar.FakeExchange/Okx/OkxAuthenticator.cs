namespace Sidecar.FakeExchange.Okx;

/// <summary>An OKX V5 error as the exchange answers it: HTTP status, <c>code</c> and <c>msg</c>.</summary>
internal sealed record OkxError(int Status, string Code, string Msg);

/// <summary>
/// Checks OKX V5 REST authentication with its own code, from docs-v5 "Overview → REST Authentication":
/// <c>OK-ACCESS-SIGN = base64(HMAC-SHA256(secret, timestamp + method + requestPath + body))</c> with requestPath the
/// path plus <c>?query</c> as sent, the timestamp the ISO 8601 UTC millisecond string of <c>OK-ACCESS-TIMESTAMP</c>
/// (requests older than 30 seconds expire), and the passphrase sent as is. Error codes and messages are those of
/// the docs' "Error Code → REST API → Public" table (50102–50113), answered with HTTP 401.
/// </summary>
internal sealed class OkxAuthenticator(string apiKey, byte[] secret, string passphrase, Func<DateTimeOffset> serverTime)
{
    public static readonly TimeSpan ExpiresAfter = TimeSpan.FromSeconds(30);

    public (SignatureCheck Check, OkxError? Error) Authenticate(HttpRequest request, string rawPath, string rawQuery, string body)
    {
        var key = FakeHttp.Single(request, "OK-ACCESS-KEY");
        var sign = FakeHttp.Single(request, "OK-ACCESS-SIGN");
        var timestamp = FakeHttp.Single(request, "OK-ACCESS-TIMESTAMP");
        var sentPassphrase = FakeHttp.Single(request, "OK-ACCESS-PASSPHRASE");
        if (string.IsNullOrEmpty(key))
        {
            return (SignatureCheck.Missing, new OkxError(401, "50103", "Request header OK-ACCESS-KEY cannot be empty."));
        }

        if (string.IsNullOrEmpty(sentPassphrase))
        {
            return (SignatureCheck.Missing, new OkxError(401, "50104", "Request header OK-ACCESS-PASSPHRASE cannot be empty."));
        }

        if (string.IsNullOrEmpty(sign))
        {
            return (SignatureCheck.Missing, new OkxError(401, "50106", "Request header OK-ACCESS-SIGN cannot be empty."));
        }

        if (string.IsNullOrEmpty(timestamp))
        {
            return (SignatureCheck.Missing, new OkxError(401, "50107", "Request header OK-ACCESS-TIMESTAMP cannot be empty."));
        }

        if (!FakeHttp.Same(key, apiKey))
        {
            return (SignatureCheck.NotRequired, new OkxError(401, "50111", "Invalid OK-ACCESS-KEY."));
        }

        if (!FakeHttp.Same(sentPassphrase, passphrase))
        {
            return (SignatureCheck.NotRequired, new OkxError(401, "50105", "Request header OK-ACCESS-PASSPHRASE incorrect."));
        }

        if (!DateTimeOffset.TryParseExact(timestamp, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var sentAt))
        {
            return (SignatureCheck.NotRequired, new OkxError(401, "50112", "Invalid OK-ACCESS-TIMESTAMP."));
        }

        var requestPath = rawQuery.Length == 0 ? rawPath : rawPath + "?" + rawQuery;
        var prehash = timestamp + request.Method + requestPath + body;
        var expected = Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(prehash)));
        if (!FakeHttp.Same(sign, expected))
        {
            return (SignatureCheck.Invalid, new OkxError(401, "50113", "Invalid Sign"));
        }

        var now = serverTime();
        if (now - sentAt > ExpiresAfter || sentAt - now > ExpiresAfter)
        {
            return (SignatureCheck.Valid, new OkxError(401, "50102", "Timestamp request expired."));
        }

        return (SignatureCheck.Valid, null);
    }
}
