namespace Sidecar.Signing.Binance;

/// <summary>
/// Binance's endpoint security types (spot, USD-M and COIN-M docs, "Endpoint security type"): NONE endpoints are
/// public, USER_STREAM and MARKET_DATA need only the API key, everything else (TRADE, USER_DATA, MARGIN …) is
/// SIGNED. Unknown paths are treated as SIGNED: the safe default is a signature the exchange ignores, never a
/// private call forwarded unsigned.
/// </summary>
internal static class BinanceEndpoints
{
    public static readonly PathTable Public = new(
        [
            // Spot market data (api.binance.com, /api/v3).
            "/api/v3/ping", "/api/v3/time", "/api/v3/exchangeInfo", "/api/v3/depth", "/api/v3/trades",
            "/api/v3/aggTrades", "/api/v3/klines", "/api/v3/uiKlines", "/api/v3/avgPrice", "/api/v3/ticker/24hr",
            "/api/v3/ticker/tradingDay", "/api/v3/ticker/price", "/api/v3/ticker/bookTicker", "/api/v3/ticker",
            // USD-M futures market data (fapi.binance.com).
            "/fapi/v1/ping", "/fapi/v1/time", "/fapi/v1/exchangeInfo", "/fapi/v1/depth", "/fapi/v1/trades",
            "/fapi/v1/aggTrades", "/fapi/v1/klines", "/fapi/v1/continuousKlines", "/fapi/v1/indexPriceKlines",
            "/fapi/v1/markPriceKlines", "/fapi/v1/premiumIndexKlines", "/fapi/v1/premiumIndex",
            "/fapi/v1/fundingRate", "/fapi/v1/fundingInfo", "/fapi/v1/ticker/24hr", "/fapi/v1/ticker/price",
            "/fapi/v2/ticker/price", "/fapi/v1/ticker/bookTicker", "/fapi/v1/openInterest", "/fapi/v1/indexInfo",
            "/fapi/v1/assetIndex", "/fapi/v1/constituents",
            // COIN-M futures market data (dapi.binance.com).
            "/dapi/v1/ping", "/dapi/v1/time", "/dapi/v1/exchangeInfo", "/dapi/v1/depth", "/dapi/v1/trades",
            "/dapi/v1/aggTrades", "/dapi/v1/klines", "/dapi/v1/continuousKlines", "/dapi/v1/indexPriceKlines",
            "/dapi/v1/markPriceKlines", "/dapi/v1/premiumIndexKlines", "/dapi/v1/premiumIndex",
            "/dapi/v1/fundingRate", "/dapi/v1/fundingInfo", "/dapi/v1/ticker/24hr", "/dapi/v1/ticker/price",
            "/dapi/v1/ticker/bookTicker", "/dapi/v1/openInterest",
        ],
        ["/futures/data/"]);

    public static readonly PathTable ApiKeyOnly = new(
        [
            // USER_STREAM: listen keys for the user data streams.
            "/api/v3/userDataStream", "/sapi/v1/userDataStream", "/sapi/v1/userDataStream/isolated",
            "/fapi/v1/listenKey", "/dapi/v1/listenKey", "/papi/v1/listenKey",
            // MARKET_DATA: historical trades need the key, not a signature.
            "/api/v3/historicalTrades", "/fapi/v1/historicalTrades", "/dapi/v1/historicalTrades",
        ]);

    public static EndpointAccess Classify(ReadOnlySpan<byte> path)
    {
        if (Public.Matches(path))
        {
            return EndpointAccess.Public;
        }

        return ApiKeyOnly.Matches(path) ? EndpointAccess.ApiKey : EndpointAccess.Signed;
    }
}
