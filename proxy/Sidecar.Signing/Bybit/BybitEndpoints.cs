namespace Sidecar.Signing.Bybit;

/// <summary>
/// Bybit endpoints that need no authentication (V5 docs, "Market" section and the other endpoints documented as
/// public; the legacy V3 public paths ccxt still lists). Everything else is signed: the safe default is a
/// signature the exchange ignores, never a private call forwarded unsigned. Bybit has no API-key-only endpoints.
/// </summary>
internal static class BybitEndpoints
{
    public static readonly PathTable Public = new(
        [
            "/v5/system/status",
            "/v5/spot-lever-token/info", "/v5/spot-lever-token/reference",
            "/v5/spot-margin-trade/data", "/v5/spot-margin-trade/collateral",
            "/v5/spot-cross-margin-trade/data", "/v5/spot-cross-margin-trade/pledge-token",
            "/v5/spot-cross-margin-trade/borrow-token",
            "/v5/crypto-loan/collateral-data", "/v5/crypto-loan/loanable-data",
            "/v5/crypto-loan-common/loanable-data", "/v5/crypto-loan-common/collateral-data",
            "/v5/crypto-loan-fixed/supply-order-quote", "/v5/crypto-loan-fixed/borrow-order-quote",
            "/v5/ins-loan/product-infos", "/v5/ins-loan/ensure-tokens-convert",
            "/v5/earn/product",
            "/v5/spot-x/launchpool/project/list", "/v5/spot-x/puzzle/project/list", "/v5/spot-x/token-splash/project/list",
            "/v5/event/instruments-info", "/v5/event/orderbook",
        ],
        [
            // V5 market data: time, kline, instruments-info, orderbook, tickers, funding, recent-trade, ...
            "/v5/market/",
            "/v5/announcements/",
            // Legacy V3 public endpoints.
            "/spot/v3/public/", "/derivatives/v3/public/", "/v3/public/",
        ]);

    public static EndpointAccess Classify(ReadOnlySpan<byte> path) =>
        Public.Matches(path) ? EndpointAccess.Public : EndpointAccess.Signed;
}
