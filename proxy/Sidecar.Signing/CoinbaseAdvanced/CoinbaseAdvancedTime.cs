namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>
/// Coinbase Advanced Trade "Get Server Time", <c>GET /api/v3/brokerage/time</c>, public (docs.cdp.coinbase.com,
/// advanced-trade-api/rest-api/public/get-server-time; schema ExtendedTimestamp):
/// <c>{"iso":"2023-05-31T18:17:56.123Z","epochSeconds":"1685557076","epochMillis":"1685557076123"}</c>, the
/// epochs being strings of digits. <c>epochMillis</c> is read.
/// </summary>
internal static class CoinbaseAdvancedTime
{
    public static readonly ServerTimeEndpoint Endpoint = new("/api/v3/brokerage/time", 1, Parse);

    public static bool Parse(ReadOnlySpan<byte> json, out long unixMilliseconds) =>
        ServerTimeJson.TryReadDigitString(json, out unixMilliseconds, "epochMillis");
}
