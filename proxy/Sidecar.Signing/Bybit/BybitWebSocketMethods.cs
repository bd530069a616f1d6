using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Bybit;

/// <summary>
/// The ops of Bybit's v5 WebSocket API as rows <c>WS /{op}</c> (bybit-exchange.github.io/docs/v5/ws/connect,
/// /v5/websocket/trade/guideline): <c>auth</c>, <c>subscribe</c>/<c>unsubscribe</c> (private topics are account reads)
/// and <c>ping</c> on <c>/v5/private</c>; <c>order.*</c> on <c>/v5/trade</c>. An op not listed here is unlisted:
/// refused on an authenticated connection.
/// </summary>
internal static class BybitWebSocketMethods
{
    /// <summary><c>order.create</c>: <c>args</c> holds the order (Bybit takes one); every element is read.</summary>
    private static readonly OrderReader Orders = OrderReader.JsonBatch(BybitOrders.Order);

    /// <summary><c>order.create-batch</c>: each element of <c>args</c> is <c>{"category", "request": [orders]}</c>.</summary>
    private static readonly OrderReader Batches = OrderReader.Of((_, args, _) =>
    {
        using var json = JsonOrderReader.Parse(args);
        if (json.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("'args' must be an array");
        }

        var orders = new List<OrderFields>();
        foreach (var batch in json.RootElement.EnumerateArray())
        {
            if (batch.ValueKind != JsonValueKind.Object || !batch.TryGetProperty("request", out var request) || request.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("a batch order needs a 'request' array");
            }

            foreach (var order in request.EnumerateArray())
            {
                orders.Add(BybitOrders.Order(order));
            }
        }

        return OrderRead.Of([.. orders]);
    });

    public static readonly EndpointTable Table = new(
        Public("WS /ping"),
        Read("WS /auth"),
        Read("WS /subscribe"),
        Read("WS /unsubscribe"),
        Trade("WS /order.create", Orders),
        Trade("WS /order.create-batch", Batches),
        Trade("WS /order.amend", BybitOrders.Unparsed),
        Trade("WS /order.amend-batch", BybitOrders.Unparsed),
        Cancel("WS /order.cancel"),
        Cancel("WS /order.cancel-batch"));
}
