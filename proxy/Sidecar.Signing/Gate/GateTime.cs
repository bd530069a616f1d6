namespace Sidecar.Signing.Gate;

/// <summary>
/// Gate API v4 "Get server current time", <c>GET /api/v4/spot/time</c> (gate.io/docs/developers/apiv4, spot):
/// <c>{"server_time":1597026383085}</c>, Unix milliseconds as a JSON number.
/// </summary>
internal static class GateTime
{
    public static readonly ServerTimeEndpoint Endpoint = new("/api/v4/spot/time", 1, Parse);

    public static bool Parse(ReadOnlySpan<byte> json, out long unixMilliseconds) =>
        ServerTimeJson.TryReadInteger(json, out unixMilliseconds, "server_time");
}
