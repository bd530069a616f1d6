using Sidecar.Signing.Policy;
using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Binance;

/// <summary>
/// The methods of Binance's WebSocket APIs — spot <c>ws-api/v3</c> (binance-spot-api-docs, web-socket-api.md) and
/// USD-M <c>ws-fapi/v1</c> — by security type and category, as rows <c>WS /{method}</c>. NONE methods are public;
/// USER_STREAM methods need the API key only; everything else is SIGNED. A method not listed here is unlisted:
/// refused when the frame carries credentials or the connection is logged on, as an unknown REST endpoint is.
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
        Public("WS /ping"), Public("WS /time"), Public("WS /exchangeInfo"), Public("WS /depth"), Public("WS /klines"),
        Public("WS /uiKlines"), Public("WS /avgPrice"), Public("WS /ticker"), Public("WS /ticker.*"), Public("WS /trades.*"),

        // USER_STREAM: listen keys (USD-M), key only.
        KeyOnly("WS /userDataStream.start", EndpointCategory.Read),
        KeyOnly("WS /userDataStream.ping", EndpointCategory.Read),
        KeyOnly("WS /userDataStream.stop", EndpointCategory.Read),

        // Session and user data: what a read-only bot needs to follow its account.
        Read("WS /session.logon"), Read("WS /session.status"), Read("WS /session.logout"),
        Read("WS /userDataStream.subscribe"), Read("WS /userDataStream.subscribe.*"), Read("WS /userDataStream.unsubscribe"),
        Read("WS /account.*"), Read("WS /order.status"), Read("WS /openOrders.status"), Read("WS /allOrders"),
        Read("WS /orderList.status"), Read("WS /openOrderLists.status"), Read("WS /allOrderLists"), Read("WS /myTrades"),
        Read("WS /myPreventedMatches"), Read("WS /myAllocations"), Read("WS /order.amendments"), Read("WS /v2/account.*"),

        // Trading: the same order guards as REST.
        Trade("WS /order.place", Order),
        Trade("WS /order.test", Order),
        Trade("WS /order.cancelReplace", Order),
        Trade("WS /order.modify", Order),
        Trade("WS /sor.order.place", Order),
        Trade("WS /sor.order.test", Order),
        Trade("WS /order.cancel"),
        Trade("WS /openOrders.cancelAll"),
        Trade("WS /orderList.cancel"),
        Trade("WS /algoOrder.cancel"),
        Trade("WS /order.amend.*", Unparsed),
        Trade("WS /orderList.*", Unparsed),
        Trade("WS /algoOrder.*", Unparsed));
}
