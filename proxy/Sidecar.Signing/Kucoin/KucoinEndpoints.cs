using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Kucoin;

/// <summary>
/// KuCoin's endpoints, from the spot, margin, futures and unified-account docs (Market Data, Account, Deposit,
/// Withdrawals, Transfer, Sub-account, Spot/Margin/Futures Trading). One table serves api.kucoin.com and
/// api-futures.kucoin.com: paths shared by both (e.g. <c>/api/v1/orders</c>) mean the same thing on each, and no
/// public path of one host is private on the other. Everything not documented as public is signed — including the
/// full order book (<c>/api/v3/market/orderbook/level2</c>, <c>/api/ua/v1/market/orderbook</c>), which the docs mark
/// as private. KuCoin has no API-key-only endpoints. Borrowing, lending, earn, convert and copy-trading endpoints
/// are not listed: they need an explicit Allow rule. Denials come first: the first matching row wins.
/// </summary>
internal static class KucoinEndpoints
{
    public static readonly Policy.EndpointTable Table = new(
        // Withdrawals (spot and futures hosts), transfers between accounts, sub-accounts and wallets.
        Withdrawal("POST /api/*/withdrawals"),
        Withdrawal("DELETE /api/*/withdrawals/*"),
        Transfer("POST /api/*/accounts/inner-transfer"),
        Transfer("POST /api/*/accounts/sub-transfer"),
        Transfer("POST /api/*/accounts/universal-transfer"),
        Transfer("POST /api/*/transfer-out"),
        Transfer("POST /api/*/transfer-in"),
        Transfer("DELETE /api/*/cancel/transfer-out"),
        Transfer("POST /api/ua/v1/account/transfer"),
        Transfer("POST /api/v1/margin/withdrawMargin"),

        // Sub-accounts, API keys, and the broker program.
        KeyManagement("* /api/*/sub/api-key"),
        KeyManagement("* /api/*/sub/api-key/**"),
        SubAccount("POST /api/*/sub/user/created"),
        SubAccount("* /api/*/broker/**"),

        // Public spot market data (api.kucoin.com): /api/v1/market/{orderbook/level1, allTickers, stats,
        // orderbook/level2_20|100, histories, candles}, currencies, symbols, prices, the public WebSocket token.
        Public("* /api/v1/currencies"), Public("* /api/v3/currencies"), Public("* /api/v1/symbols"), Public("* /api/v2/symbols"),
        Public("* /api/v1/markets"), Public("* /api/v1/prices"), Public("* /api/v1/timestamp"), Public("* /api/v1/status"),
        Public("* /api/v1/margin/config"), Public("* /api/v1/mark-price/all-symbols"), Public("* /api/v3/announcements"),
        Public("* /api/v1/announcements"), Public("* /api/v3/margin/collateralRatio"),
        Public("* /api/v3/margin/available-inventory"), Public("* /api/v1/convert/symbol"),
        Public("* /api/v1/convert/currencies"), Public("* /api/v1/bullet-public").Answering(KucoinBullet.Instance),
        Public("* /api/v1/market/*/**"), Public("* /api/v1/currencies/*/**"), Public("* /api/v2/currencies/*/**"),
        Public("* /api/v3/currencies/*/**"), Public("* /api/v2/symbols/*/**"), Public("* /api/v1/mark-price/*/**"),

        // Public futures market data (api-futures.kucoin.com): contracts, risk limits and funding rates by symbol.
        Public("* /api/v1/ticker"), Public("* /api/v1/allTickers"), Public("* /api/v1/level2/snapshot"),
        Public("* /api/v1/level2/depth20"), Public("* /api/v1/level2/depth100"), Public("* /api/v1/level2/message/query"),
        Public("* /api/v1/level3/message/query"), Public("* /api/v1/level3/snapshot"), Public("* /api/v2/level3/snapshot"),
        Public("* /api/v1/trade/history"), Public("* /api/v1/kline/query"), Public("* /api/v1/interest/query"),
        Public("* /api/v1/index/query"), Public("* /api/v1/premium/query"), Public("* /api/v1/trade-statistics"),
        Public("* /api/v1/contract/funding-rates"),
        Public("* /api/v1/contracts/*/**"), Public("* /api/v1/funding-rate/*/**"),

        // Public unified-account market data (not /api/ua/v1/market/orderbook, which is private).
        Public("* /api/ua/v1/market/announcement"), Public("* /api/ua/v1/market/currency"),
        Public("* /api/ua/v1/asset/currencies"), Public("* /api/ua/v1/market/instrument"),
        Public("* /api/ua/v1/market/ticker"), Public("* /api/ua/v1/market/trade"), Public("* /api/ua/v1/market/kline"),
        Public("* /api/ua/v1/market/funding-rate"), Public("* /api/ua/v1/market/funding-rate-history"),
        Public("* /api/ua/v1/market/cross-config"), Public("* /api/ua/v1/market/collateral-discount-ratio"),
        Public("* /api/ua/v1/market/index-price"), Public("* /api/ua/v1/market/position-tiers"),
        Public("* /api/ua/v1/market/open-interest"), Public("* /api/ua/v1/server/status"),
        Public("* /api/ua/v1/market/borrowable-currency"), Public("* /api/ua/v1/market/fiat-price"),
        Public("* /api/ua/v2/market/funding-rate"),

        // Reads: accounts and ledgers, orders, fills, deposits/withdrawal records, fees, positions, margin symbols.
        Read("GET /api/*/accounts"),
        Read("GET /api/*/accounts/**"),
        Read("GET /api/*/user-info"),
        Read("GET /api/*/hf/**"),
        Read("GET /api/v1/orders"),
        Read("GET /api/v1/orders/**"),
        Read("GET /api/v1/order/client-order/*"),
        Read("GET /api/v1/limit/orders"),
        Read("GET /api/v1/fills"),
        Read("GET /api/v1/limit/fills"),
        Read("GET /api/v1/stop-order"),
        Read("GET /api/v1/stop-order/**"),
        Read("GET /api/v3/oco/**"),
        Read("GET /api/*/margin/symbols"),
        Read("GET /api/*/isolated/symbols"),
        Read("GET /api/*/margin/accounts"),
        Read("GET /api/*/isolated/accounts"),
        Read("GET /api/v1/base-fee"),
        Read("GET /api/v1/trade-fees"),
        Read("GET /api/*/deposit-addresses"),
        Read("GET /api/v1/deposits"),
        Read("GET /api/*/withdrawals"),
        Read("GET /api/*/withdrawals/quotas"),
        Read("POST /api/v1/bullet-private").Answering(KucoinBullet.Instance),
        Read("GET /api/v1/account-overview"),
        Read("GET /api/v1/account-overview-all"),
        Read("GET /api/v1/transaction-history"),
        Read("GET /api/v1/position"),
        Read("GET /api/v1/positions"),
        Read("GET /api/v1/history-positions"),
        Read("GET /api/v1/recentFills"),
        Read("GET /api/v1/recentDoneOrders"),
        Read("GET /api/v1/stopOrders"),
        Read("GET /api/v1/openOrderStatistics"),
        Read("GET /api/v1/funding-history"),
        Read("GET /api/v2/position/getMarginMode"),
        Read("GET /api/v2/position/getPositionMode"),
        Read("GET /api/v2/getMaxOpenSize"),
        Read("GET /api/v2/getCrossUserLeverage"),
        Read("GET /api/ua/v1/account/**"),
        Read("GET /api/ua/v1/*/account/*"),
        Read("GET /api/ua/v1/*/order/*"),
        Read("GET /api/ua/v1/*/position/*"),
        Read("GET /api/ua/v1/market/orderbook"),
        Read("GET /api/v3/market/orderbook/level2"),

        // Trading: spot (classic and high-frequency), margin, stop and OCO orders, futures orders and the position
        // settings they depend on, unified-account orders.
        Trade("POST /api/v1/orders", KucoinOrders.Single),
        Trade("POST /api/v1/orders/test", KucoinOrders.Single),
        Trade("POST /api/v1/orders/multi", KucoinOrders.Batch),
        Cancel("DELETE /api/v1/orders"),
        Cancel("DELETE /api/v1/orders/**"),
        Cancel("DELETE /api/v1/order/client-order/*"),
        Trade("POST /api/v1/hf/orders", KucoinOrders.Single),
        Trade("POST /api/v1/hf/orders/test", KucoinOrders.Single),
        Trade("POST /api/v1/hf/orders/sync", KucoinOrders.Single),
        Trade("POST /api/v1/hf/orders/multi", KucoinOrders.Batch),
        Trade("POST /api/v1/hf/orders/multi/sync", KucoinOrders.Batch),
        Trade("POST /api/v1/hf/orders/alter", KucoinOrders.Unparsed),
        Trade("POST /api/v1/hf/orders/**"),
        Cancel("DELETE /api/v1/hf/orders"),
        Cancel("DELETE /api/v1/hf/orders/**"),
        Trade("POST /api/v1/margin/order", KucoinOrders.Single),
        Trade("POST /api/v1/margin/order/test", KucoinOrders.Single),
        Trade("POST /api/v3/hf/margin/order", KucoinOrders.Single),
        Trade("POST /api/v3/hf/margin/order/test", KucoinOrders.Single),
        Cancel("DELETE /api/v3/hf/margin/orders"),
        Cancel("DELETE /api/v3/hf/margin/orders/**"),
        Trade("POST /api/v1/stop-order", KucoinOrders.Single),
        Cancel("DELETE /api/v1/stop-order/**"),
        Trade("POST /api/v3/oco/order", KucoinOrders.Unparsed),
        Cancel("DELETE /api/v3/oco/**"),
        Trade("POST /api/v1/st-orders", KucoinOrders.Single),
        Cancel("DELETE /api/v1/stopOrders"),
        Trade("POST /api/v2/changeCrossUserLeverage"),
        Trade("POST /api/v2/position/changeMarginMode"),
        Trade("POST /api/v2/position/switchPositionMode"),
        Trade("POST /api/v1/position/margin/auto-deposit-status"),
        Trade("POST /api/v1/position/margin/deposit-margin"),
        Trade("POST /api/v1/position/risk-limit-level/change"),
        Trade("POST /api/ua/v1/unified/order/place", KucoinOrders.Unparsed),
        Trade("POST /api/ua/v1/unified/order/place-batch", KucoinOrders.Unparsed),
        Trade("POST /api/ua/v1/classic/order/place", KucoinOrders.Unparsed),
        Trade("POST /api/ua/v1/classic/order/place-batch", KucoinOrders.Unparsed),
        Trade("POST /api/ua/v1/*/order/*"),
        Trade("POST /api/ua/v1/*/account/modify-leverage"),

        // Copy-trading orders: not in a profile, but an Allow rule for one still meets the order guards.
        UnlistedOrders("POST /api/v1/copy-trade/futures/orders", KucoinOrders.Unparsed),
        UnlistedOrders("POST /api/v1/copy-trade/futures/st-orders", KucoinOrders.Unparsed));
}
