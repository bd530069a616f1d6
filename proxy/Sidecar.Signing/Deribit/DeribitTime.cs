namespace Sidecar.Signing.Deribit;

/// <summary>
/// Deribit <c>public/get_time</c>, over HTTP as <c>GET /api/v2/public/get_time</c> (docs.deribit.com, supporting
/// methods): <c>{"jsonrpc":"2.0","id":7365,"result":1550147385946}</c> (live answers add <c>usIn</c>,
/// <c>usOut</c>, <c>usDiff</c>, <c>testnet</c>), <c>result</c> being Unix milliseconds. A JSON-RPC error answer
/// has no <c>result</c>.
/// </summary>
internal static class DeribitTime
{
    public static readonly ServerTimeEndpoint Endpoint = new("/api/v2/public/get_time", 1, Parse);

    public static bool Parse(ReadOnlySpan<byte> json, out long unixMilliseconds) =>
        ServerTimeJson.TryReadInteger(json, out unixMilliseconds, "result");
}
