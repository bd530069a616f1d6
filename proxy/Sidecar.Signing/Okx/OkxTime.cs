namespace Sidecar.Signing.Okx;

/// <summary>
/// OKX v5 "Get system time", <c>GET /api/v5/public/time</c> (okx.com/docs-v5, public-data-rest-api-get-system-time):
/// <c>{"code":"0","msg":"","data":[{"ts":"1597026383085"}]}</c>, <c>ts</c> being Unix milliseconds as a string;
/// a <c>code</c> other than "0" is an error answer.
/// </summary>
internal static class OkxTime
{
    public static readonly ServerTimeEndpoint Endpoint = new("/api/v5/public/time", 1, Parse);

    public static bool Parse(ReadOnlySpan<byte> json, out long unixMilliseconds)
    {
        unixMilliseconds = 0;
        return ServerTimeJson.StringEquals(json, "0", "code")
            && ServerTimeJson.TryReadDigitString(json, out unixMilliseconds, "data", ServerTimeJson.FirstElement, "ts");
    }
}
