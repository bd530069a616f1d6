using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Okx;

/// <summary>
/// The ops of OKX's v5 WebSocket API as rows <c>WS /{op}</c> (okx.com/docs-v5: "WebSocket → Login", "Order Book
/// Trading → Trade → WS / …", "Spread Trading → WebSocket Trade API"): <c>login</c>, <c>subscribe</c>/<c>unsubscribe</c>
/// (private channels are account reads), the plain-text <c>ping</c>, and the order ops of <c>/ws/v5/private</c> and
/// the spread order ops of <c>/ws/v5/business</c>. An op not listed here is unlisted: refused once logged in.
/// </summary>
internal static class OkxWebSocketMethods
{
    /// <summary><c>order</c> and <c>batch-orders</c>: <c>args</c> is an array of orders, every one read.</summary>
    private static readonly OrderReader Orders = OrderReader.JsonBatch(Order);

    public static readonly ExchangeEndpoint Ping = Public("WS /ping");

    public static readonly EndpointTable Table = new(
        Ping,
        Read("WS /login"),
        Read("WS /subscribe"),
        Read("WS /unsubscribe"),
        Trade("WS /order", Orders),
        Trade("WS /batch-orders", Orders),
        Trade("WS /amend-order", OkxOrders.Unparsed),
        Trade("WS /batch-amend-orders", OkxOrders.Unparsed),
        Cancel("WS /cancel-order"),
        Cancel("WS /batch-cancel-orders"),
        Cancel("WS /mass-cancel"),
        Trade("WS /sprd-order", OkxOrders.Unparsed),
        Trade("WS /sprd-amend-order", OkxOrders.Unparsed),
        Cancel("WS /sprd-cancel-order"),
        Cancel("WS /sprd-mass-cancel"));

    /// <summary>
    /// An order as REST reads it, except that WebSocket orders may name the instrument by <c>instIdCode</c> (an integer
    /// from GET /api/v5/public/instruments; ccxt sends it whenever the instrument has one) instead of <c>instId</c>.
    /// Sidecar cannot map a code to an instrument id, so the code's digits are the symbol the Symbols guard sees.
    /// </summary>
    private static OrderFields Order(JsonElement order)
    {
        var fields = OkxOrders.Order(order);
        return fields.Symbol is null && JsonOrderReader.Text(order, "instIdCode") is { } code ? fields with { Symbol = code } : fields;
    }
}
