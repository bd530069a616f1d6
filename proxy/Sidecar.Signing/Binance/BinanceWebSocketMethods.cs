using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Binance;

/// <summary>
/// The methods of Binance's WebSocket APIs — spot <c>ws-api/v3</c> (binance-spot-api-docs, web-socket-api.md) and
/// USD-M <c>ws-fapi/v1</c> — by security type and category, as rows <c>WS /{method}</c>. NONE methods are public;
/// USER_STREAM methods need the API key only; everything else is SIGNED. A method not listed here is unlisted:
/// refused when the frame carries credentials or the connection is logged on, as an unknown REST endpoint is.
/// Weights are the web-socket-api.md ones, at their largest where they depend on parameters (all symbols, deepest
/// book): a frame's parameters are not read for its weight. Binance counts them against the same IP weight as REST.
/// </summary>
internal static class BinanceWebSocketMethods
{
    /// <summary>One order in a request's <c>params</c>, named as in REST.</summary>
    private static readonly OrderReader Order = OrderReader.JsonOrder(order => JsonOrderReader.Fields(order,
        symbol: "symbol", side: "side", type: "type", quantity: "quantity", price: "price", clientOrderId: "newClientOrderId"));

    private static readonly OrderReader Unparsed =
        OrderReader.Unreadable("order lists, amendments and algo orders are not inspected by the order guards");

    public static readonly EndpointTable Table = new(
        // Market data and connection upkeep (security type NONE).
        Public("WS /ping"), Public("WS /time"), Public("WS /exchangeInfo").Weighing(20), Public("WS /depth").Weighing(250),
        Public("WS /klines").Weighing(2), Public("WS /uiKlines").Weighing(2), Public("WS /avgPrice").Weighing(2),
        Public("WS /ticker").Weighing(4), Public("WS /ticker.*").Weighing(4), Public("WS /trades.*").Weighing(25),

        // USER_STREAM: listen keys (USD-M), key only.
        KeyOnly("WS /userDataStream.start", EndpointCategory.Read),
        KeyOnly("WS /userDataStream.ping", EndpointCategory.Read),
        KeyOnly("WS /userDataStream.stop", EndpointCategory.Read),

        // Session and user data: what a read-only bot needs to follow its account.
        Read("WS /session.logon").Weighing(2), Read("WS /session.status"), Read("WS /session.logout"),
        Read("WS /userDataStream.subscribe").Weighing(2), Read("WS /userDataStream.subscribe.*"), Read("WS /userDataStream.unsubscribe"),
        Read("WS /account.*").Weighing(20), Read("WS /order.status").Weighing(4), Read("WS /openOrders.status").Weighing(80),
        Read("WS /allOrders").Weighing(20), Read("WS /orderList.status").Weighing(4), Read("WS /openOrderLists.status").Weighing(6),
        Read("WS /allOrderLists").Weighing(20), Read("WS /myTrades").Weighing(20), Read("WS /myPreventedMatches").Weighing(20),
        Read("WS /myAllocations").Weighing(20), Read("WS /order.amendments").Weighing(4), Read("WS /v2/account.*").Weighing(5),

        // Trading: the same order guards as REST.
        Trade("WS /order.place", Order),
        Trade("WS /order.test", Order),
        Trade("WS /order.cancelReplace", Order),
        Trade("WS /order.modify", Order),
        Trade("WS /sor.order.place", Order),
        Trade("WS /sor.order.test", Order),
        Cancel("WS /order.cancel"),
        Cancel("WS /openOrders.cancelAll"),
        Cancel("WS /orderList.cancel"),
        Cancel("WS /algoOrder.cancel"),
        Trade("WS /order.amend.*", Unparsed),
        Trade("WS /orderList.*", Unparsed),
        Trade("WS /algoOrder.*", Unparsed));
}
