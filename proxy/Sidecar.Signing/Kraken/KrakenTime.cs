namespace Sidecar.Signing.Kraken;

/// <summary>
/// Kraken "Get Server Time", <c>GET /0/public/Time</c> (docs.kraken.com/api-reference/market-data/get-server-time):
/// <c>{"error":[],"result":{"unixtime":1688669448,"rfc1123":"Thu, 06 Jul 23 18:50:48 +0000"}}</c>. Only whole
/// seconds: the resolution is 1000 ms, which the offset estimate accounts for. A non-empty <c>error</c> array is an
/// error answer.
/// </summary>
internal static class KrakenTime
{
    public static readonly ServerTimeEndpoint Endpoint = new("/0/public/Time", 1000, Parse);

    public static bool Parse(ReadOnlySpan<byte> json, out long unixMilliseconds)
    {
        unixMilliseconds = 0;
        if (!ServerTimeJson.IsEmptyArray(json, "error") || !ServerTimeJson.TryReadInteger(json, out var seconds, "result", "unixtime")
            || seconds is < 0 or > long.MaxValue / 1000)
        {
            return false;
        }

        unixMilliseconds = seconds * 1000;
        return true;
    }
}
