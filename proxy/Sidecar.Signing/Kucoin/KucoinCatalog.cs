using Sidecar.Signing.Policy;
using static Sidecar.Signing.Policy.EndpointCategory;

namespace Sidecar.Signing.Kucoin;

/// <summary>
/// KuCoin's private endpoints by category, from the spot, margin, futures and unified-account docs (Account,
/// Deposit, Withdrawals, Transfer, Sub-account, Spot/Margin/Futures Trading). One catalog serves api.kucoin.com and
/// api-futures.kucoin.com: paths shared by both (e.g. <c>/api/v1/orders</c>) mean the same thing on each. Denials
/// first: the first match wins. Public data is recognised by <see cref="KucoinEndpoints"/>. Borrowing, lending,
/// earn, convert and copy-trading endpoints are not listed: they need an explicit Allow rule.
/// </summary>
internal static class KucoinCatalog
{
    public static readonly EndpointCatalog Instance = new(
        // Withdrawals (spot and futures hosts), transfers between accounts, sub-accounts and wallets.
        ("POST /api/*/withdrawals", Withdrawal),
        ("DELETE /api/*/withdrawals/*", Withdrawal),
        ("POST /api/*/accounts/inner-transfer", Transfer),
        ("POST /api/*/accounts/sub-transfer", Transfer),
        ("POST /api/*/accounts/universal-transfer", Transfer),
        ("POST /api/*/transfer-out", Transfer),
        ("POST /api/*/transfer-in", Transfer),
        ("DELETE /api/*/cancel/transfer-out", Transfer),
        ("POST /api/ua/v1/account/transfer", Transfer),
        ("POST /api/v1/margin/withdrawMargin", Transfer),

        // Sub-accounts, API keys, and the broker program.
        ("* /api/*/sub/api-key", ApiKeyManagement),
        ("* /api/*/sub/api-key/**", ApiKeyManagement),
        ("POST /api/*/sub/user/created", SubAccount),
        ("* /api/*/broker/**", SubAccount),

        // Reads: accounts and ledgers, orders, fills, deposits/withdrawal records, fees, positions, margin symbols.
        ("GET /api/*/accounts", Read),
        ("GET /api/*/accounts/**", Read),
        ("GET /api/*/user-info", Read),
        ("GET /api/*/hf/**", Read),
        ("GET /api/v1/orders", Read),
        ("GET /api/v1/orders/**", Read),
        ("GET /api/v1/order/client-order/*", Read),
        ("GET /api/v1/limit/orders", Read),
        ("GET /api/v1/fills", Read),
        ("GET /api/v1/limit/fills", Read),
        ("GET /api/v1/stop-order", Read),
        ("GET /api/v1/stop-order/**", Read),
        ("GET /api/v3/oco/**", Read),
        ("GET /api/*/margin/symbols", Read),
        ("GET /api/*/isolated/symbols", Read),
        ("GET /api/*/margin/accounts", Read),
        ("GET /api/*/isolated/accounts", Read),
        ("GET /api/v1/base-fee", Read),
        ("GET /api/v1/trade-fees", Read),
        ("GET /api/*/deposit-addresses", Read),
        ("GET /api/v1/deposits", Read),
        ("GET /api/*/withdrawals", Read),
        ("GET /api/*/withdrawals/quotas", Read),
        ("POST /api/v1/bullet-private", Read),
        ("GET /api/v1/account-overview", Read),
        ("GET /api/v1/account-overview-all", Read),
        ("GET /api/v1/transaction-history", Read),
        ("GET /api/v1/position", Read),
        ("GET /api/v1/positions", Read),
        ("GET /api/v1/history-positions", Read),
        ("GET /api/v1/recentFills", Read),
        ("GET /api/v1/recentDoneOrders", Read),
        ("GET /api/v1/stopOrders", Read),
        ("GET /api/v1/openOrderStatistics", Read),
        ("GET /api/v1/funding-history", Read),
        ("GET /api/v2/position/getMarginMode", Read),
        ("GET /api/v2/position/getPositionMode", Read),
        ("GET /api/v2/getMaxOpenSize", Read),
        ("GET /api/v2/getCrossUserLeverage", Read),
        ("GET /api/ua/v1/account/**", Read),
        ("GET /api/ua/v1/*/account/*", Read),
        ("GET /api/ua/v1/*/order/*", Read),
        ("GET /api/ua/v1/*/position/*", Read),
        ("GET /api/ua/v1/market/orderbook", Read),
        ("GET /api/v3/market/orderbook/level2", Read),

        // Trading: spot (classic and high-frequency), margin, stop and OCO orders, futures orders and the position
        // settings they depend on, unified-account orders.
        ("POST /api/v1/orders", Trade),
        ("POST /api/v1/orders/test", Trade),
        ("POST /api/v1/orders/multi", Trade),
        ("DELETE /api/v1/orders", Trade),
        ("DELETE /api/v1/orders/**", Trade),
        ("DELETE /api/v1/order/client-order/*", Trade),
        ("POST /api/v1/hf/orders", Trade),
        ("POST /api/v1/hf/orders/**", Trade),
        ("DELETE /api/v1/hf/orders", Trade),
        ("DELETE /api/v1/hf/orders/**", Trade),
        ("POST /api/v1/margin/order", Trade),
        ("POST /api/v1/margin/order/test", Trade),
        ("POST /api/v3/hf/margin/order", Trade),
        ("POST /api/v3/hf/margin/order/test", Trade),
        ("DELETE /api/v3/hf/margin/orders", Trade),
        ("DELETE /api/v3/hf/margin/orders/**", Trade),
        ("POST /api/v1/stop-order", Trade),
        ("DELETE /api/v1/stop-order/**", Trade),
        ("POST /api/v3/oco/order", Trade),
        ("DELETE /api/v3/oco/**", Trade),
        ("POST /api/v1/st-orders", Trade),
        ("DELETE /api/v1/stopOrders", Trade),
        ("POST /api/v2/changeCrossUserLeverage", Trade),
        ("POST /api/v2/position/changeMarginMode", Trade),
        ("POST /api/v2/position/switchPositionMode", Trade),
        ("POST /api/v1/position/margin/auto-deposit-status", Trade),
        ("POST /api/v1/position/margin/deposit-margin", Trade),
        ("POST /api/v1/position/risk-limit-level/change", Trade),
        ("POST /api/ua/v1/*/order/*", Trade),
        ("POST /api/ua/v1/*/account/modify-leverage", Trade));
}
