using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Kraken;

/// <summary>
/// The methods of Kraken's Spot WebSocket v2 (<c>wss://ws-auth.kraken.com/v2</c>; docs.kraken.com, spot-websocket-v2)
/// that carry a token in <c>params.token</c>, by category, as rows <c>WS /{method}</c>. The token authorises them all
/// and can trade, so every trading method is Trade under the same order guards as REST; the private channels
/// (<c>balances</c>, <c>executions</c>, <c>level3</c>) are subscribed to with a token and are reads. WS v2 has no
/// withdrawal or transfer method. A method not listed here that carries a token is unlisted, refused as an unknown
/// REST endpoint is; frames without a token act on no account and go as they are.
/// </summary>
internal static class KrakenWebSocketMethods
{
    public static readonly EndpointTable Table = new(
        Public("WS /ping"),

        // Private channels: balances, executions, level3 (and public ones a bot subscribes to with its token).
        Read("WS /subscribe"),
        Read("WS /unsubscribe"),

        // Trading ("Spot WebSocket v2 → Trading"): the order guards read params with v2's field names.
        Trade("WS /add_order", KrakenWebSocketOrders.Single),
        Trade("WS /edit_order", KrakenWebSocketOrders.Single),
        Trade("WS /amend_order", KrakenWebSocketOrders.Unparsed),
        Trade("WS /batch_add", KrakenWebSocketOrders.Batch),
        Cancel("WS /cancel_order"),
        Cancel("WS /cancel_all"),
        Cancel("WS /cancel_all_orders_after"),
        Cancel("WS /batch_cancel"));
}
