namespace Sidecar.FakeExchange.Bybit;

/// <summary>A Bybit V5 error as the exchange answers it: HTTP status, <c>retCode</c> and <c>retMsg</c>.</summary>
internal sealed record BybitError(int Status, int RetCode, string RetMsg);

/// <summary>
/// Checks V5 authentication exactly as Bybit's "Integration Guidance → Authentication" describes it, with its own
/// code: <c>X-BAPI-SIGN = hex(HMAC-SHA256(secret, timestamp + apiKey + recvWindow + payload))</c>, payload being the
/// query string for GET and the raw body for POST, recvWindow being the <c>X-BAPI-RECV-WINDOW</c> header as sent
/// (empty when absent, the window then defaulting to 5000 ms), and the timestamp rule
/// <c>server_time - recv_window &lt;= timestamp &lt; server_time + 1000</c>.
/// </summary>
internal sealed class BybitAuthenticator(string apiKey, byte[] secret, Func<long> serverTime)
{
    public const int DefaultRecvWindow = 5000;

    public static readonly BybitError MissingAuth = new(401, 10003, "API key is invalid.");
    public static readonly BybitError InvalidKey = new(401, 10003, "API key is invalid.");
    public static readonly BybitError InvalidSign = new(401, 10004, "Error sign, please check your signature generation algorithm.");
    public static readonly BybitError ParamsError = new(200, 10001, "params error: the timestamp or recv_window header is not a number");

    public (SignatureCheck Check, BybitError? Error) Authenticate(HttpRequest request, string rawQuery, string body)
    {
        var key = FakeHttp.Single(request, "X-BAPI-API-KEY");
        var sign = FakeHttp.Single(request, "X-BAPI-SIGN");
        var timestamp = FakeHttp.Single(request, "X-BAPI-TIMESTAMP");
        var recvWindow = FakeHttp.Single(request, "X-BAPI-RECV-WINDOW");
        if (string.IsNullOrEmpty(key))
        {
            return (string.IsNullOrEmpty(sign) ? SignatureCheck.Missing : SignatureCheck.NotRequired, MissingAuth);
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(apiKey)))
        {
            return (SignatureCheck.NotRequired, InvalidKey);
        }

        if (string.IsNullOrEmpty(sign) || string.IsNullOrEmpty(timestamp))
        {
            return (SignatureCheck.Missing, InvalidSign);
        }

        var payload = request.Method == "GET" ? rawQuery : body;
        var prehash = timestamp + key + (recvWindow ?? "") + payload;
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(prehash)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.UTF8.GetBytes(sign)))
        {
            return (SignatureCheck.Invalid, InvalidSign);
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var sentAt) ||
            (recvWindow is not null && !long.TryParse(recvWindow, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return (SignatureCheck.Valid, ParamsError);
        }

        var window = recvWindow is null ? DefaultRecvWindow : long.Parse(recvWindow, CultureInfo.InvariantCulture);
        var now = serverTime();
        if (sentAt < now - window || sentAt >= now + 1000)
        {
            return (SignatureCheck.Valid, new BybitError(200, 10002,
                $"invalid request, please check your server timestamp or recv_window param. req_timestamp[{sentAt}],server_timestamp[{now}],recv_window[{window}]"));
        }

        return (SignatureCheck.Valid, null);
    }
}
