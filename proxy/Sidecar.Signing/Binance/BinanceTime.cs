namespace Sidecar.Signing.Binance;

/// <summary>
/// Binance's "Check server time" endpoints, one per API family: spot <c>GET /api/v3/time</c>, USD-M futures
/// <c>GET /fapi/v1/time</c>, COIN-M futures <c>GET /dapi/v1/time</c>. Each answers
/// <c>{"serverTime": 1499827319559}</c> (Unix milliseconds, a JSON number; Binance spot and futures API docs,
/// "Check Server Time"). The family is chosen by the exchange host, as Binance splits the families by host:
/// <c>fapi.*</c> and the futures testnet <c>*binancefuture.com</c> are USD-M, <c>dapi.*</c> is COIN-M, anything
/// else (api, api1–4, testnet.binance.vision) is spot.
/// </summary>
internal static class BinanceTime
{
    public static readonly ServerTimeEndpoint Spot = new("/api/v3/time", 1, Parse);
    public static readonly ServerTimeEndpoint UsdM = new("/fapi/v1/time", 1, Parse);
    public static readonly ServerTimeEndpoint CoinM = new("/dapi/v1/time", 1, Parse);

    public static ServerTimeEndpoint For(string exchangeHost)
    {
        if (exchangeHost.StartsWith("fapi.", StringComparison.OrdinalIgnoreCase)
            || exchangeHost.EndsWith("binancefuture.com", StringComparison.OrdinalIgnoreCase))
        {
            return UsdM;
        }

        return exchangeHost.StartsWith("dapi.", StringComparison.OrdinalIgnoreCase) ? CoinM : Spot;
    }

    public static bool Parse(ReadOnlySpan<byte> json, out long unixMilliseconds) =>
        ServerTimeJson.TryReadInteger(json, out unixMilliseconds, "serverTime");
}
