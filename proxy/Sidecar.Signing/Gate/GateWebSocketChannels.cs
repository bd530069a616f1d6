using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Gate;

/// <summary>
/// Gate v4's WebSocket channels as rows <c>WS /{channel}</c>, from gate.com/docs/developers/apiv4/ws (spot) and
/// …/futures/ws (futures and delivery; options share the private channel names). Two kinds, told apart by the frame's
/// <c>event</c>: the WebSocket API (<c>event:"api"</c>: login, order entry, order queries; <see cref="Api"/>), whose
/// <c>req_param</c> is the body of the matching REST call, and private subscriptions (<c>event:"subscribe"</c> or
/// <c>"unsubscribe"</c> with an <c>auth</c> object; <see cref="Subscriptions"/>). A channel not listed is unlisted:
/// refused when the frame calls the API or carries <c>auth</c>, as an unknown REST endpoint is; a public channel
/// subscribed without <c>auth</c> passes as market data.
/// </summary>
internal static class GateWebSocketChannels
{
    /// <summary>
    /// <c>spot.order_place</c>'s <c>req_param</c> is <c>POST /spot/orders</c>'s body (one order, read with the REST
    /// reader's field names) or <c>POST /spot/batch_orders</c>'s (an array, not inspected, as over REST).
    /// </summary>
    private static readonly OrderReader SpotOrders = OrderReader.Of((query, body, format) =>
        !body.IsEmpty && body[0] == (byte)'['
            ? GateOrders.Unparsed.Read(query, body, format)
            : GateOrders.Spot.Read(query, body, format));

    /// <summary>The WebSocket API (<c>event:"api"</c>): every frame is signed over its <c>req_param</c>.</summary>
    public static readonly EndpointTable Api = new(
        // Login: authenticates the connection for the order channels.
        Read("WS /spot.login"), Read("WS /futures.login"), Read("WS /options.login"),

        // Spot: place (POST /spot/orders or /spot/batch_orders), amend (PATCH /spot/orders/{id}), cancel.
        Trade("WS /spot.order_place", SpotOrders),
        Trade("WS /spot.order_amend", GateOrders.Unparsed),
        Cancel("WS /spot.order_cancel"), Cancel("WS /spot.order_cancel_*"),
        Read("WS /spot.order_status"), Read("WS /spot.order_list"),

        // Futures and delivery: sizes are in contracts, so placed and amended orders are unreadable (as over REST).
        Trade("WS /futures.order_place", GateOrders.Unparsed),
        Trade("WS /futures.order_batch_place", GateOrders.Unparsed),
        Trade("WS /futures.order_amend", GateOrders.Unparsed),
        Cancel("WS /futures.order_cancel"), Cancel("WS /futures.order_cancel_*"),
        Read("WS /futures.order_status"), Read("WS /futures.order_list"));

    /// <summary>Private channels: subscribing needs <c>auth</c> (KEY, and SIGN over channel, event and time).</summary>
    public static readonly EndpointTable Subscriptions = new(
        Read("WS /spot.orders"), Read("WS /spot.orders_v2"), Read("WS /spot.usertrades"), Read("WS /spot.usertrades_v2"),
        Read("WS /spot.balances"), Read("WS /spot.margin_balances"), Read("WS /spot.funding_balances"),
        Read("WS /spot.cross_balances"), Read("WS /spot.cross_loan"), Read("WS /spot.priceorders"),

        // Futures and delivery (payload[0] is the account's user id, which is not a secret).
        Read("WS /futures.orders"), Read("WS /futures.usertrades"), Read("WS /futures.liquidates"),
        Read("WS /futures.auto_deleverages"), Read("WS /futures.position_closes"), Read("WS /futures.balances"),
        Read("WS /futures.reduce_risk_limits"), Read("WS /futures.positions"), Read("WS /futures.autoorders"),

        Read("WS /options.orders"), Read("WS /options.usertrades"), Read("WS /options.liquidates"),
        Read("WS /options.user_settlements"), Read("WS /options.position_closes"), Read("WS /options.balances"),
        Read("WS /options.positions"));

    /// <summary>Both kinds, for <see cref="WebSockets.WebSocketAdapter.Methods"/>.</summary>
    public static readonly EndpointTable Table = new([.. Api.Rows, .. Subscriptions.Rows]);
}
