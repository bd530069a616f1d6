using Sidecar.Signing.Policy;
using static Sidecar.Signing.Policy.EndpointCategory;

namespace Sidecar.Signing.Binance;

/// <summary>
/// Binance's private endpoints by category, from the spot, wallet (sapi), USD-M and COIN-M docs. Denials first:
/// the first match wins. Public market data is recognised by <see cref="BinanceEndpoints"/> and needs no entry.
/// </summary>
internal static class BinanceCatalog
{
    public static readonly EndpointCatalog Instance = new(
        // Wallet: withdrawals (and deposit addresses that feed them stay readable), transfers, sub-accounts, keys.
        ("* /sapi/v1/capital/withdraw/**", Withdrawal),
        ("* /sapi/v1/localentity/withdraw/**", Withdrawal),
        ("* /sapi/v1/sub-account/subAccountApi/**", ApiKeyManagement),
        ("* /sapi/v1/sub-account/**", SubAccount),
        ("* /sapi/v2/sub-account/**", SubAccount),
        ("* /sapi/v3/sub-account/**", SubAccount),
        ("* /sapi/v4/sub-account/**", SubAccount),
        ("* /sapi/v1/asset/transfer", Transfer),
        ("* /sapi/v1/futures/transfer", Transfer),
        ("* /sapi/v1/margin/transfer", Transfer),
        ("* /sapi/v1/margin/isolated/transfer", Transfer),
        ("* /sapi/v1/pay/**", Transfer),
        ("* /sapi/v1/giftcard/**", Transfer),
        ("* /fapi/v1/asset/**", Transfer),

        // Spot reads.
        ("GET /api/v3/account", Read),
        ("GET /api/v3/account/commission", Read),
        ("GET /api/v3/order", Read),
        ("GET /api/v3/openOrders", Read),
        ("GET /api/v3/allOrders", Read),
        ("GET /api/v3/orderList", Read),
        ("GET /api/v3/allOrderList", Read),
        ("GET /api/v3/openOrderList", Read),
        ("GET /api/v3/myTrades", Read),
        ("GET /api/v3/myPreventedMatches", Read),
        ("GET /api/v3/myAllocations", Read),
        ("GET /api/v3/rateLimit/order", Read),
        ("GET /api/v3/order/amendments", Read),
        ("POST /api/v3/userDataStream", Read),
        ("PUT /api/v3/userDataStream", Read),
        ("DELETE /api/v3/userDataStream", Read),
        ("GET /sapi/v1/account/apiRestrictions", Read),
        ("GET /sapi/v1/account/status", Read),
        ("GET /sapi/v1/capital/config/getall", Read),
        ("GET /sapi/v1/asset/tradeFee", Read),

        // Spot trading.
        ("POST /api/v3/order", Trade),
        ("POST /api/v3/order/test", Trade),
        ("DELETE /api/v3/order", Trade),
        ("DELETE /api/v3/openOrders", Trade),
        ("POST /api/v3/order/cancelReplace", Trade),
        ("PUT /api/v3/order/amend/keepPriority", Trade),
        ("POST /api/v3/order/oco", Trade),
        ("POST /api/v3/orderList/*", Trade),
        ("DELETE /api/v3/orderList", Trade),
        ("POST /api/v3/sor/order", Trade),
        ("POST /api/v3/sor/order/test", Trade),

        // USD-M (fapi) and COIN-M (dapi) reads.
        ("GET /fapi/*/account", Read),
        ("GET /fapi/*/balance", Read),
        ("GET /fapi/*/positionRisk", Read),
        ("GET /fapi/v1/order", Read),
        ("GET /fapi/v1/openOrder", Read),
        ("GET /fapi/v1/openOrders", Read),
        ("GET /fapi/v1/allOrders", Read),
        ("GET /fapi/v1/userTrades", Read),
        ("GET /fapi/v1/income", Read),
        ("GET /fapi/v1/commissionRate", Read),
        ("GET /fapi/v1/leverageBracket", Read),
        ("GET /fapi/v1/positionSide/dual", Read),
        ("GET /fapi/v1/multiAssetsMargin", Read),
        ("GET /fapi/v1/apiTradingStatus", Read),
        ("POST /fapi/v1/listenKey", Read),
        ("PUT /fapi/v1/listenKey", Read),
        ("DELETE /fapi/v1/listenKey", Read),
        ("GET /dapi/v1/account", Read),
        ("GET /dapi/v1/balance", Read),
        ("GET /dapi/v1/positionRisk", Read),
        ("GET /dapi/v1/order", Read),
        ("GET /dapi/v1/openOrder", Read),
        ("GET /dapi/v1/openOrders", Read),
        ("GET /dapi/v1/allOrders", Read),
        ("GET /dapi/v1/userTrades", Read),
        ("GET /dapi/v1/income", Read),
        ("GET /dapi/v1/commissionRate", Read),
        ("GET /dapi/v1/leverageBracket", Read),
        ("GET /dapi/v1/positionSide/dual", Read),
        ("POST /dapi/v1/listenKey", Read),
        ("PUT /dapi/v1/listenKey", Read),
        ("DELETE /dapi/v1/listenKey", Read),

        // USD-M and COIN-M trading (orders, and the per-symbol settings orders depend on).
        ("POST /fapi/v1/order", Trade),
        ("PUT /fapi/v1/order", Trade),
        ("DELETE /fapi/v1/order", Trade),
        ("POST /fapi/v1/batchOrders", Trade),
        ("PUT /fapi/v1/batchOrders", Trade),
        ("DELETE /fapi/v1/batchOrders", Trade),
        ("DELETE /fapi/v1/allOpenOrders", Trade),
        ("POST /fapi/v1/countdownCancelAll", Trade),
        ("POST /fapi/v1/leverage", Trade),
        ("POST /fapi/v1/marginType", Trade),
        ("POST /fapi/v1/positionSide/dual", Trade),
        ("POST /dapi/v1/order", Trade),
        ("PUT /dapi/v1/order", Trade),
        ("DELETE /dapi/v1/order", Trade),
        ("POST /dapi/v1/batchOrders", Trade),
        ("DELETE /dapi/v1/batchOrders", Trade),
        ("DELETE /dapi/v1/allOpenOrders", Trade),
        ("POST /dapi/v1/leverage", Trade),
        ("POST /dapi/v1/marginType", Trade));
}
