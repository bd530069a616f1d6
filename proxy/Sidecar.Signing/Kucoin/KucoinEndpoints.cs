namespace Sidecar.Signing.Kucoin;

/// <summary>
/// KuCoin endpoints documented as public (spot market data on api.kucoin.com, futures market data on
/// api-futures.kucoin.com, the unified-account public market endpoints, and the public WebSocket token). One table
/// serves both hosts: none of these paths is private on the other host. Everything else is signed — including the
/// full order book (<c>/api/v3/market/orderbook/level2</c>, <c>/api/ua/v1/market/orderbook</c>), which the docs
/// mark as private. KuCoin has no API-key-only endpoints.
/// </summary>
internal static class KucoinEndpoints
{
    public static readonly PathTable Public = new(
        [
            // Spot (api.kucoin.com).
            "/api/v1/currencies", "/api/v3/currencies", "/api/v1/symbols", "/api/v2/symbols", "/api/v1/markets",
            "/api/v1/prices", "/api/v1/timestamp", "/api/v1/status", "/api/v1/margin/config",
            "/api/v1/mark-price/all-symbols", "/api/v3/announcements", "/api/v1/announcements",
            "/api/v3/margin/collateralRatio", "/api/v3/margin/available-inventory",
            "/api/v1/convert/symbol", "/api/v1/convert/currencies", "/api/v1/bullet-public",
            // Futures (api-futures.kucoin.com).
            "/api/v1/ticker", "/api/v1/allTickers", "/api/v1/level2/snapshot", "/api/v1/level2/depth20",
            "/api/v1/level2/depth100", "/api/v1/level2/message/query", "/api/v1/level3/message/query",
            "/api/v1/level3/snapshot", "/api/v2/level3/snapshot", "/api/v1/trade/history", "/api/v1/kline/query",
            "/api/v1/interest/query", "/api/v1/index/query", "/api/v1/premium/query", "/api/v1/trade-statistics",
            "/api/v1/contract/funding-rates",
            // Unified account public market data (not /api/ua/v1/market/orderbook, which is private).
            "/api/ua/v1/market/announcement", "/api/ua/v1/market/currency", "/api/ua/v1/asset/currencies",
            "/api/ua/v1/market/instrument", "/api/ua/v1/market/ticker", "/api/ua/v1/market/trade",
            "/api/ua/v1/market/kline", "/api/ua/v1/market/funding-rate", "/api/ua/v1/market/funding-rate-history",
            "/api/ua/v1/market/cross-config", "/api/ua/v1/market/collateral-discount-ratio",
            "/api/ua/v1/market/index-price", "/api/ua/v1/market/position-tiers", "/api/ua/v1/market/open-interest",
            "/api/ua/v1/server/status", "/api/ua/v1/market/borrowable-currency", "/api/ua/v1/market/fiat-price",
            "/api/ua/v2/market/funding-rate",
        ],
        [
            // Spot: /api/v1/market/{orderbook/level1, allTickers, stats, orderbook/level2_20|100, histories, candles}.
            "/api/v1/market/", "/api/v1/currencies/", "/api/v2/currencies/", "/api/v3/currencies/",
            "/api/v2/symbols/", "/api/v1/mark-price/",
            // Futures: contracts, risk limits and funding rates by symbol.
            "/api/v1/contracts/", "/api/v1/funding-rate/",
        ]);

    public static EndpointAccess Classify(ReadOnlySpan<byte> path) =>
        Public.Matches(path) ? EndpointAccess.Public : EndpointAccess.Signed;
}
