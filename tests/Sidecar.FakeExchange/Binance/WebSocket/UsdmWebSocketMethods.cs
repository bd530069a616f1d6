using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Orders;
using Sidecar.FakeExchange.Routes;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// The USDⓈ-M WebSocket API (<c>/ws-fapi/v1</c>) methods the fake serves, from the derivatives docs: order.place,
/// order.cancel, order.modify, order.status, account.balance / account.status (v3) and their v2/ names, the listen-key
/// methods userDataStream.start/ping/stop (USER_STREAM: apiKey only), and session authentication. User data does not
/// arrive here: it has its own connection (<c>/private/ws?listenKey=…</c>).
/// </summary>
internal static class UsdmWebSocketMethods
{
    private const string ListenKeyPath = "/fapi/v1/listenKey";

    public static WsMethodTable Build(EndpointTable rest, ExchangeState state)
    {
        var placement = new FuturesOrderPlacement(state.Orders, state.Clock);
        var table = new WsMethodTable(rest, versionPrefix: null)
            .Rest("order.place", WsSecurity.Signed, "POST", "/fapi/v1/order")
            .Rest("order.cancel", WsSecurity.Signed, "DELETE", "/fapi/v1/order")
            .Rest("order.status", WsSecurity.Signed, "GET", "/fapi/v1/order")
            .Add("order.modify", WsSecurity.Signed, call =>
            {
                var (order, error) = placement.Modify(call.Parameters);
                return order is null ? WsResult.Fail(error!) : WsResult.Ok(UsdmJson.Order(order));
            })
            .Rest("account.balance", WsSecurity.Signed, "GET", "/fapi/v3/balance")
            .Rest("v2/account.balance", WsSecurity.Signed, "GET", "/fapi/v2/balance")
            .Rest("account.status", WsSecurity.Signed, "GET", "/fapi/v3/account")
            .Rest("v2/account.status", WsSecurity.Signed, "GET", "/fapi/v2/account")
            .Rest("userDataStream.start", WsSecurity.UserStream, "POST", ListenKeyPath)
            .Rest("userDataStream.ping", WsSecurity.UserStream, "PUT", ListenKeyPath)
            .Rest("userDataStream.stop", WsSecurity.UserStream, "DELETE", ListenKeyPath);
        return new SessionMethods(state, reportsUserDataStream: false).Register(table);
    }
}
