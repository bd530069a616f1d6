namespace Sidecar.FakeExchange.Common;

/// <summary>
/// A fake's account as its WebSocket side sees it, whatever the venue: the server clock, the open orders, and a
/// notice of each order placed or cancelled (over REST or WebSocket) in the venue's order-stream shape.
/// </summary>
internal interface IFakeOrderBook
{
    /// <summary>An order was placed or cancelled (the order as the venue's order stream reports it).</summary>
    event Action<JsonObject>? OrderChanged;

    /// <summary>The fake's server time, Unix milliseconds.</summary>
    long Now();

    IReadOnlyList<JsonObject> OpenOrders();
}
