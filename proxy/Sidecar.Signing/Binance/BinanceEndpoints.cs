using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Binance;

/// <summary>
/// Binance's endpoints (spot, wallet/sapi, USD-M and COIN-M docs), with their documented security types: NONE
/// endpoints are public, USER_STREAM and MARKET_DATA need only the API key, everything else (TRADE, USER_DATA,
/// MARGIN …) is SIGNED, and so is any path not listed here: the safe default is a signature the exchange ignores,
/// never a private call forwarded unsigned. Denials come first: the first matching row wins. Weights are the
/// "Weight" of each endpoint in the spot, USD-M and COIN-M docs (the IP weight; USD-M orders weigh 0 there and count
/// as orders); cancels are rows of their own (<see cref="ExchangeEndpoint.Cancel"/>).
/// </summary>
internal static class BinanceEndpoints
{
    /// <summary>One order as form or query parameters (spot, USD-M and COIN-M new-order, test and modify endpoints).</summary>
    private static readonly OrderReader Order = OrderReader.Form(new("symbol", "side", "type", "quantity", "price", "newClientOrderId"));

    private static readonly OrderReader Unparsed = OrderReader.Unreadable("order lists and batch orders are not inspected by the order guards");

    /// <summary>Spot order book: 5 up to 100 levels (the default), 25 to 500, 50 to 1000, 250 to 5000.</summary>
    private static readonly RequestWeight SpotDepth = RequestWeight.ByValue("limit", 100, (100, 5), (500, 25), (1000, 50), (5000, 250));

    /// <summary>Futures order book: 2 up to 50 levels, 5 to 100, 10 to 500 (the default), 20 to 1000.</summary>
    private static readonly RequestWeight FuturesDepth = RequestWeight.ByValue("limit", 500, (50, 2), (100, 5), (500, 10), (1000, 20));

    /// <summary>USD-M klines: 1 below 100 candles, 2 to 500 (the default), 5 to 1000, 10 above.</summary>
    private static readonly RequestWeight FuturesKlines = RequestWeight.ByValue("limit", 500, (99, 1), (500, 2), (1000, 5), (1500, 10));

    /// <summary>Test orders: 1, or 20 with computeCommissionRates.</summary>
    private static readonly RequestWeight CommissionRates = RequestWeight.ByPresence("computeCommissionRates", 20, 1);

    /// <summary>The rows, each with the weight Binance documents for it (1 where it documents 1 or nothing).</summary>
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
        Public("* /api/v3/ping"), Public("* /api/v3/time"), Public("* /api/v3/exchangeInfo").Weighing(20), Public("* /api/v3/depth").Weighing(SpotDepth),
        Public("* /api/v3/trades").Weighing(25), Public("* /api/v3/aggTrades").Weighing(4), Public("* /api/v3/klines").Weighing(2), Public("* /api/v3/uiKlines").Weighing(2),
        Public("* /api/v3/avgPrice").Weighing(2), Public("* /api/v3/ticker/24hr").Weighing(RequestWeight.ByPresence("symbol", 2, 80)), Public("* /api/v3/ticker/tradingDay").Weighing(RequestWeight.ByPresence("symbols", 200, 4)),
        Public("* /api/v3/ticker/price").Weighing(RequestWeight.ByPresence("symbol", 2, 4)), Public("* /api/v3/ticker/bookTicker").Weighing(RequestWeight.ByPresence("symbol", 2, 4)), Public("* /api/v3/ticker").Weighing(RequestWeight.ByPresence("symbols", 200, 4)),

        // USD-M futures market data (fapi.binance.com).
        Public("* /fapi/v1/ping"), Public("* /fapi/v1/time"), Public("* /fapi/v1/exchangeInfo"), Public("* /fapi/v1/depth").Weighing(FuturesDepth),
        Public("* /fapi/v1/trades").Weighing(5), Public("* /fapi/v1/aggTrades").Weighing(20), Public("* /fapi/v1/klines").Weighing(FuturesKlines),
        Public("* /fapi/v1/continuousKlines"), Public("* /fapi/v1/indexPriceKlines"), Public("* /fapi/v1/markPriceKlines"),
        Public("* /fapi/v1/premiumIndexKlines"), Public("* /fapi/v1/premiumIndex").Weighing(RequestWeight.ByPresence("symbol", 1, 10)), Public("* /fapi/v1/fundingRate"),
        Public("* /fapi/v1/fundingInfo"), Public("* /fapi/v1/ticker/24hr").Weighing(RequestWeight.ByPresence("symbol", 1, 40)), Public("* /fapi/v1/ticker/price").Weighing(RequestWeight.ByPresence("symbol", 1, 2)),
        Public("* /fapi/v2/ticker/price").Weighing(RequestWeight.ByPresence("symbol", 1, 2)), Public("* /fapi/v1/ticker/bookTicker").Weighing(RequestWeight.ByPresence("symbol", 2, 5)), Public("* /fapi/v1/openInterest"),
        Public("* /fapi/v1/indexInfo"), Public("* /fapi/v1/assetIndex"), Public("* /fapi/v1/constituents"),
        Public("* /futures/data/*/**"),

        // COIN-M futures market data (dapi.binance.com).
        Public("* /dapi/v1/ping"), Public("* /dapi/v1/time"), Public("* /dapi/v1/exchangeInfo"), Public("* /dapi/v1/depth").Weighing(FuturesDepth),
        Public("* /dapi/v1/trades"), Public("* /dapi/v1/aggTrades"), Public("* /dapi/v1/klines"),
        Public("* /dapi/v1/continuousKlines"), Public("* /dapi/v1/indexPriceKlines"), Public("* /dapi/v1/markPriceKlines"),
        Public("* /dapi/v1/premiumIndexKlines"), Public("* /dapi/v1/premiumIndex"), Public("* /dapi/v1/fundingRate"),
        Public("* /dapi/v1/fundingInfo"), Public("* /dapi/v1/ticker/24hr").Weighing(RequestWeight.ByPresence("symbol", 1, 40)), Public("* /dapi/v1/ticker/price"),
        Public("* /dapi/v1/ticker/bookTicker"), Public("* /dapi/v1/openInterest"),

        // USER_STREAM: listen keys for the user data streams (key only). Creating, keeping alive and closing one
        // is an account read; other methods are not documented and stay unlisted.
        KeyOnly("POST /api/v3/userDataStream", EndpointCategory.Read).Weighing(2),
        KeyOnly("PUT /api/v3/userDataStream", EndpointCategory.Read).Weighing(2),
        KeyOnly("DELETE /api/v3/userDataStream", EndpointCategory.Read).Weighing(2),
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
        KeyOnly("* /api/v3/historicalTrades", EndpointCategory.Unknown).Weighing(25),
        KeyOnly("* /fapi/v1/historicalTrades", EndpointCategory.Unknown).Weighing(20),
        KeyOnly("* /dapi/v1/historicalTrades", EndpointCategory.Unknown),

        // Spot reads.
        Read("GET /api/v3/account").Weighing(20),
        Read("GET /api/v3/account/commission").Weighing(20),
        Read("GET /api/v3/order").Weighing(4),
        Read("GET /api/v3/openOrders").Weighing(RequestWeight.ByPresence("symbol", 6, 80)),
        Read("GET /api/v3/allOrders").Weighing(20),
        Read("GET /api/v3/orderList").Weighing(4),
        Read("GET /api/v3/allOrderList").Weighing(20),
        Read("GET /api/v3/openOrderList").Weighing(6),
        Read("GET /api/v3/myTrades").Weighing(RequestWeight.ByPresence("orderId", 5, 20)),
        Read("GET /api/v3/myPreventedMatches").Weighing(20),
        Read("GET /api/v3/myAllocations").Weighing(20),
        Read("GET /api/v3/rateLimit/order").Weighing(40),
        Read("GET /api/v3/order/amendments").Weighing(4),
        Read("GET /sapi/v1/account/apiRestrictions"),
        Read("GET /sapi/v1/account/status"),
        Read("GET /sapi/v1/capital/config/getall").Weighing(10),
        Read("GET /sapi/v1/asset/tradeFee"),

        // Spot trading.
        Trade("POST /api/v3/order", Order),
        Trade("POST /api/v3/order/test", Order).Weighing(CommissionRates),
        Cancel("DELETE /api/v3/order"),
        Cancel("DELETE /api/v3/openOrders"),
        Trade("POST /api/v3/order/cancelReplace", Order),
        Trade("PUT /api/v3/order/amend/keepPriority").Weighing(4),
        Trade("POST /api/v3/order/oco", Unparsed),
        Trade("POST /api/v3/orderList/*", Unparsed),
        Cancel("DELETE /api/v3/orderList"),
        Trade("POST /api/v3/sor/order", Order),
        Trade("POST /api/v3/sor/order/test", Order).Weighing(CommissionRates),

        // USD-M (fapi) and COIN-M (dapi) reads.
        Read("GET /fapi/*/account").Weighing(5),
        Read("GET /fapi/*/balance").Weighing(5),
        Read("GET /fapi/*/positionRisk").Weighing(5),
        Read("GET /fapi/v1/order"),
        Read("GET /fapi/v1/openOrder"),
        Read("GET /fapi/v1/openOrders").Weighing(RequestWeight.ByPresence("symbol", 1, 40)),
        Read("GET /fapi/v1/allOrders").Weighing(5),
        Read("GET /fapi/v1/userTrades").Weighing(5),
        Read("GET /fapi/v1/income").Weighing(30),
        Read("GET /fapi/v1/commissionRate").Weighing(20),
        Read("GET /fapi/v1/leverageBracket"),
        Read("GET /fapi/v1/positionSide/dual").Weighing(30),
        Read("GET /fapi/v1/multiAssetsMargin").Weighing(30),
        Read("GET /fapi/v1/apiTradingStatus"),
        Read("GET /dapi/v1/account").Weighing(5),
        Read("GET /dapi/v1/balance").Weighing(1),
        Read("GET /dapi/v1/positionRisk"),
        Read("GET /dapi/v1/order"),
        Read("GET /dapi/v1/openOrder"),
        Read("GET /dapi/v1/openOrders").Weighing(RequestWeight.ByPresence("symbol", 1, 40)),
        Read("GET /dapi/v1/allOrders").Weighing(20),
        Read("GET /dapi/v1/userTrades").Weighing(20),
        Read("GET /dapi/v1/income").Weighing(20),
        Read("GET /dapi/v1/commissionRate"),
        Read("GET /dapi/v1/leverageBracket"),
        Read("GET /dapi/v1/positionSide/dual"),

        // USD-M and COIN-M trading (orders, and the per-symbol settings orders depend on).
        Trade("POST /fapi/v1/order", Order).Weighing(0),
        Trade("PUT /fapi/v1/order", Order),
        Cancel("DELETE /fapi/v1/order"),
        Trade("POST /fapi/v1/batchOrders", Unparsed).Weighing(5),
        Trade("PUT /fapi/v1/batchOrders", Unparsed).Weighing(5),
        Cancel("DELETE /fapi/v1/batchOrders"),
        Cancel("DELETE /fapi/v1/allOpenOrders"),
        Cancel("POST /fapi/v1/countdownCancelAll").Weighing(10),
        Trade("POST /fapi/v1/leverage"),
        Trade("POST /fapi/v1/marginType"),
        Trade("POST /fapi/v1/positionSide/dual"),
        Trade("POST /dapi/v1/order", Order),
        Trade("PUT /dapi/v1/order", Order),
        Cancel("DELETE /dapi/v1/order"),
        Trade("POST /dapi/v1/batchOrders", Unparsed).Weighing(5),
        Cancel("DELETE /dapi/v1/batchOrders"),
        Cancel("DELETE /dapi/v1/allOpenOrders"),
        Trade("POST /dapi/v1/leverage"),
        Trade("POST /dapi/v1/marginType"));
}
