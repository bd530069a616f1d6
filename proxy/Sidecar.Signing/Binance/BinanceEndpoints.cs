using Sidecar.Signing.Policy;
using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Binance;

/// <summary>
/// Binance's endpoints (spot, wallet/sapi, USD-M and COIN-M docs), with their documented security types: NONE
/// endpoints are public, USER_STREAM and MARKET_DATA need only the API key, everything else (TRADE, USER_DATA,
/// MARGIN …) is SIGNED, and so is any path not listed here: the safe default is a signature the exchange ignores,
/// never a private call forwarded unsigned. Denials come first: the first matching row wins.
/// </summary>
internal static class BinanceEndpoints
{
    /// <summary>One order as form or query parameters (spot, USD-M and COIN-M new-order, test and modify endpoints).</summary>
    private static readonly OrderReader Order = OrderReader.Form(new("symbol", "side", "type", "quantity", "price", "newClientOrderId"));

    private static readonly OrderReader Unparsed = OrderReader.Unreadable("order lists and batch orders are not inspected by the order guards");

    public static readonly EndpointTable Table = new(
        // Wallet: withdrawals (deposit addresses that feed them stay readable), transfers, sub-accounts, keys.
        Withdrawal("* /sapi/v1/capital/withdraw/**"),
        Withdrawal("* /sapi/v1/localentity/withdraw/**"),
        KeyManagement("* /sapi/v1/sub-account/subAccountApi/**"),
        SubAccount("* /sapi/v1/sub-account/**"),
        SubAccount("* /sapi/v2/sub-account/**"),
        SubAccount("* /sapi/v3/sub-account/**"),
        SubAccount("* /sapi/v4/sub-account/**"),
        Transfer("* /sapi/v1/asset/transfer"),
        Transfer("* /sapi/v1/futures/transfer"),
        Transfer("* /sapi/v1/margin/transfer"),
        Transfer("* /sapi/v1/margin/isolated/transfer"),
        Transfer("* /sapi/v1/pay/**"),
        Transfer("* /sapi/v1/giftcard/**"),
        Transfer("* /fapi/v1/asset/**"),

        // Spot market data (api.binance.com, /api/v3), security type NONE.
        Public("* /api/v3/ping"), Public("* /api/v3/time"), Public("* /api/v3/exchangeInfo"), Public("* /api/v3/depth"),
        Public("* /api/v3/trades"), Public("* /api/v3/aggTrades"), Public("* /api/v3/klines"), Public("* /api/v3/uiKlines"),
        Public("* /api/v3/avgPrice"), Public("* /api/v3/ticker/24hr"), Public("* /api/v3/ticker/tradingDay"),
        Public("* /api/v3/ticker/price"), Public("* /api/v3/ticker/bookTicker"), Public("* /api/v3/ticker"),

        // USD-M futures market data (fapi.binance.com).
        Public("* /fapi/v1/ping"), Public("* /fapi/v1/time"), Public("* /fapi/v1/exchangeInfo"), Public("* /fapi/v1/depth"),
        Public("* /fapi/v1/trades"), Public("* /fapi/v1/aggTrades"), Public("* /fapi/v1/klines"),
        Public("* /fapi/v1/continuousKlines"), Public("* /fapi/v1/indexPriceKlines"), Public("* /fapi/v1/markPriceKlines"),
        Public("* /fapi/v1/premiumIndexKlines"), Public("* /fapi/v1/premiumIndex"), Public("* /fapi/v1/fundingRate"),
        Public("* /fapi/v1/fundingInfo"), Public("* /fapi/v1/ticker/24hr"), Public("* /fapi/v1/ticker/price"),
        Public("* /fapi/v2/ticker/price"), Public("* /fapi/v1/ticker/bookTicker"), Public("* /fapi/v1/openInterest"),
        Public("* /fapi/v1/indexInfo"), Public("* /fapi/v1/assetIndex"), Public("* /fapi/v1/constituents"),
        Public("* /futures/data/*/**"),

        // COIN-M futures market data (dapi.binance.com).
        Public("* /dapi/v1/ping"), Public("* /dapi/v1/time"), Public("* /dapi/v1/exchangeInfo"), Public("* /dapi/v1/depth"),
        Public("* /dapi/v1/trades"), Public("* /dapi/v1/aggTrades"), Public("* /dapi/v1/klines"),
        Public("* /dapi/v1/continuousKlines"), Public("* /dapi/v1/indexPriceKlines"), Public("* /dapi/v1/markPriceKlines"),
        Public("* /dapi/v1/premiumIndexKlines"), Public("* /dapi/v1/premiumIndex"), Public("* /dapi/v1/fundingRate"),
        Public("* /dapi/v1/fundingInfo"), Public("* /dapi/v1/ticker/24hr"), Public("* /dapi/v1/ticker/price"),
        Public("* /dapi/v1/ticker/bookTicker"), Public("* /dapi/v1/openInterest"),

        // USER_STREAM: listen keys for the user data streams (key only). Creating, keeping alive and closing one
        // is an account read; other methods are not documented and stay unlisted.
        KeyOnly("POST /api/v3/userDataStream", EndpointCategory.Read),
        KeyOnly("PUT /api/v3/userDataStream", EndpointCategory.Read),
        KeyOnly("DELETE /api/v3/userDataStream", EndpointCategory.Read),
        KeyOnly("POST /fapi/v1/listenKey", EndpointCategory.Read),
        KeyOnly("PUT /fapi/v1/listenKey", EndpointCategory.Read),
        KeyOnly("DELETE /fapi/v1/listenKey", EndpointCategory.Read),
        KeyOnly("POST /dapi/v1/listenKey", EndpointCategory.Read),
        KeyOnly("PUT /dapi/v1/listenKey", EndpointCategory.Read),
        KeyOnly("DELETE /dapi/v1/listenKey", EndpointCategory.Read),
        KeyOnly("* /api/v3/userDataStream", EndpointCategory.Unknown),
        KeyOnly("* /sapi/v1/userDataStream", EndpointCategory.Unknown),
        KeyOnly("* /sapi/v1/userDataStream/isolated", EndpointCategory.Unknown),
        KeyOnly("* /fapi/v1/listenKey", EndpointCategory.Unknown),
        KeyOnly("* /dapi/v1/listenKey", EndpointCategory.Unknown),
        KeyOnly("* /papi/v1/listenKey", EndpointCategory.Unknown),

        // MARKET_DATA: historical trades need the key, not a signature.
        KeyOnly("* /api/v3/historicalTrades", EndpointCategory.Unknown),
        KeyOnly("* /fapi/v1/historicalTrades", EndpointCategory.Unknown),
        KeyOnly("* /dapi/v1/historicalTrades", EndpointCategory.Unknown),

        // Spot reads.
        Read("GET /api/v3/account"),
        Read("GET /api/v3/account/commission"),
        Read("GET /api/v3/order"),
        Read("GET /api/v3/openOrders"),
        Read("GET /api/v3/allOrders"),
        Read("GET /api/v3/orderList"),
        Read("GET /api/v3/allOrderList"),
        Read("GET /api/v3/openOrderList"),
        Read("GET /api/v3/myTrades"),
        Read("GET /api/v3/myPreventedMatches"),
        Read("GET /api/v3/myAllocations"),
        Read("GET /api/v3/rateLimit/order"),
        Read("GET /api/v3/order/amendments"),
        Read("GET /sapi/v1/account/apiRestrictions"),
        Read("GET /sapi/v1/account/status"),
        Read("GET /sapi/v1/capital/config/getall"),
        Read("GET /sapi/v1/asset/tradeFee"),

        // Spot trading.
        Trade("POST /api/v3/order", Order),
        Trade("POST /api/v3/order/test", Order),
        Trade("DELETE /api/v3/order"),
        Trade("DELETE /api/v3/openOrders"),
        Trade("POST /api/v3/order/cancelReplace", Order),
        Trade("PUT /api/v3/order/amend/keepPriority"),
        Trade("POST /api/v3/order/oco", Unparsed),
        Trade("POST /api/v3/orderList/*", Unparsed),
        Trade("DELETE /api/v3/orderList"),
        Trade("POST /api/v3/sor/order", Order),
        Trade("POST /api/v3/sor/order/test", Order),

        // USD-M (fapi) and COIN-M (dapi) reads.
        Read("GET /fapi/*/account"),
        Read("GET /fapi/*/balance"),
        Read("GET /fapi/*/positionRisk"),
        Read("GET /fapi/v1/order"),
        Read("GET /fapi/v1/openOrder"),
        Read("GET /fapi/v1/openOrders"),
        Read("GET /fapi/v1/allOrders"),
        Read("GET /fapi/v1/userTrades"),
        Read("GET /fapi/v1/income"),
        Read("GET /fapi/v1/commissionRate"),
        Read("GET /fapi/v1/leverageBracket"),
        Read("GET /fapi/v1/positionSide/dual"),
        Read("GET /fapi/v1/multiAssetsMargin"),
        Read("GET /fapi/v1/apiTradingStatus"),
        Read("GET /dapi/v1/account"),
        Read("GET /dapi/v1/balance"),
        Read("GET /dapi/v1/positionRisk"),
        Read("GET /dapi/v1/order"),
        Read("GET /dapi/v1/openOrder"),
        Read("GET /dapi/v1/openOrders"),
        Read("GET /dapi/v1/allOrders"),
        Read("GET /dapi/v1/userTrades"),
        Read("GET /dapi/v1/income"),
        Read("GET /dapi/v1/commissionRate"),
        Read("GET /dapi/v1/leverageBracket"),
        Read("GET /dapi/v1/positionSide/dual"),

        // USD-M and COIN-M trading (orders, and the per-symbol settings orders depend on).
        Trade("POST /fapi/v1/order", Order),
        Trade("PUT /fapi/v1/order", Order),
        Trade("DELETE /fapi/v1/order"),
        Trade("POST /fapi/v1/batchOrders", Unparsed),
        Trade("PUT /fapi/v1/batchOrders", Unparsed),
        Trade("DELETE /fapi/v1/batchOrders"),
        Trade("DELETE /fapi/v1/allOpenOrders"),
        Trade("POST /fapi/v1/countdownCancelAll"),
        Trade("POST /fapi/v1/leverage"),
        Trade("POST /fapi/v1/marginType"),
        Trade("POST /fapi/v1/positionSide/dual"),
        Trade("POST /dapi/v1/order", Order),
        Trade("PUT /dapi/v1/order", Order),
        Trade("DELETE /dapi/v1/order"),
        Trade("POST /dapi/v1/batchOrders", Unparsed),
        Trade("DELETE /dapi/v1/batchOrders"),
        Trade("DELETE /dapi/v1/allOpenOrders"),
        Trade("POST /dapi/v1/leverage"),
        Trade("POST /dapi/v1/marginType"));
}
