using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Orders;
using Sidecar.FakeExchange.Routes;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// The spot WebSocket API (<c>/ws-api/v3</c>) methods the fake serves, from web-socket-api.md: ping, time, order.place,
/// order.test, order.cancel, order.status, openOrders.status, account.status, the user data stream subscription
/// methods and session authentication.
/// </summary>
internal static class SpotWebSocketMethods
{
    public static WsMethodTable Build(EndpointTable rest, ExchangeState state, UserDataHub hub)
    {
        var placement = new SpotOrderPlacement(state.Orders, state.Clock);
        var table = new WsMethodTable(rest, versionPrefix: "v3/")
            .Add("ping", WsSecurity.None, _ => WsResult.Ok(new JsonObject()))
            .Add("time", WsSecurity.None, _ => WsResult.Ok(new JsonObject { ["serverTime"] = state.Clock.NowMilliseconds }))
            .Rest("order.place", WsSecurity.Signed, "POST", "/api/v3/order")
            .Add("order.test", WsSecurity.Signed, call => placement.Test(call.Parameters) is { } error
                ? WsResult.Fail(error)
                : WsResult.Ok(new JsonObject()))
            .Rest("order.cancel", WsSecurity.Signed, "DELETE", "/api/v3/order")
            .Rest("order.status", WsSecurity.Signed, "GET", "/api/v3/order")
            .Rest("openOrders.status", WsSecurity.Signed, "GET", "/api/v3/openOrders")
            .Rest("account.status", WsSecurity.Signed, "GET", "/api/v3/account");
        new SpotUserDataMethods(state, hub).Register(table);
        return new SessionMethods(state, reportsUserDataStream: true).Register(table);
    }
}
