namespace Sidecar.Signing.Kucoin;

/// <summary>
/// KuCoin "Get Server Time", <c>GET /api/v1/timestamp</c> (kucoin.com/docs, spot, market data):
/// <c>{"code":"200000","data":1546837113087}</c>, <c>data</c> being Unix milliseconds as a JSON number. A
/// <c>code</c> other than "200000" is an error answer.
/// </summary>
internal static class KucoinTime
{
    public static readonly ServerTimeEndpoint Endpoint = new("/api/v1/timestamp", 1, Parse);

    public static bool Parse(ReadOnlySpan<byte> json, out long unixMilliseconds)
    {
        unixMilliseconds = 0;
        return ServerTimeJson.StringEquals(json, "200000", "code") && ServerTimeJson.TryReadInteger(json, out unixMilliseconds, "data");
    }
}
