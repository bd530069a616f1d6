using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Bitfinex;

/// <summary>
/// What a bot sends on Bitfinex's WebSocket v2 (docs.bitfinex.com: "WebSocket Authenticated Channels", "WS Inputs"),
/// as rows <c>WS /{name}</c>: events are objects (<c>{"event":"subscribe",…}</c>, <see cref="Events"/>), inputs on the
/// account channel are arrays (<c>[0,"on",null,{…}]</c>, <see cref="Inputs"/>). Inputs carry no signature — the
/// connection's <c>auth</c> does — so the same categories and order guards as REST decide whether they go out. A name
/// not listed is unlisted and refused, as an unknown REST endpoint is.
/// </summary>
internal static class BitfinexWebSocketMessages
{
    public static readonly EndpointTable Events = new(
        Public("WS /subscribe"), Public("WS /unsubscribe"), Public("WS /conf"), Public("WS /ping"),

        // Authenticates the connection for the account channel and the inputs below.
        Read("WS /auth"));

    public static readonly EndpointTable Inputs = new(
        // Orders, as REST order/submit, update, cancel and multi: a new order is read with the REST reader (the same
        // fields; the sign of amount is the side); updates and multi-op batches are not inspected, as over REST.
        Trade("WS /on", BitfinexOrders.Submit),
        Trade("WS /ou", BitfinexOrders.Unparsed),
        Trade("WS /ox_multi", BitfinexOrders.Unparsed),
        Cancel("WS /oc"),
        Cancel("WS /oc_multi"),

        // Margin-funding offers, as REST w/funding/* (a transfer of funds to the lending book).
        Transfer("WS /fon"),
        Transfer("WS /foc"),

        // Asks for balance and margin calculations.
        Read("WS /calc"));

    /// <summary>Both kinds, for <see cref="WebSockets.WebSocketAdapter.Methods"/>.</summary>
    public static readonly EndpointTable Table = new([.. Events.Rows, .. Inputs.Rows]);
}
