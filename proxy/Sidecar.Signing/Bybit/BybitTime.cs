namespace Sidecar.Signing.Bybit;

/// <summary>
/// Bybit V5 "Get Bybit Server Time", <c>GET /v5/market/time</c> (bybit-exchange.github.io/docs/v5/market/time):
/// <c>{"retCode":0,"retMsg":"OK","result":{"timeSecond":"1688639403","timeNano":"1688639403423213947"},
/// "retExtInfo":{},"time":1688639403423}</c>. <c>timeNano</c> (a string of digits) is read, truncated to
/// milliseconds; a non-zero <c>retCode</c> is an error answer.
/// </summary>
internal static class BybitTime
{
    public static readonly ServerTimeEndpoint Endpoint = new("/v5/market/time", 1, Parse);

    public static bool Parse(ReadOnlySpan<byte> json, out long unixMilliseconds)
    {
        unixMilliseconds = 0;
        if (!ServerTimeJson.TryReadInteger(json, out var retCode, "retCode") || retCode != 0
            || !ServerTimeJson.TryReadDigitString(json, out var nanoseconds, "result", "timeNano"))
        {
            return false;
        }

        unixMilliseconds = nanoseconds / 1_000_000;
        return true;
    }
}
