namespace Sidecar.FakeExchange.Okx.WebSocket;

/// <summary>The fake OKX's account, shared by its REST and WebSocket sides: the clock, the order book, the balance.</summary>
internal interface IOkxAccount : IFakeOrderBook
{
    /// <summary>Places the orders of a JSON array, as <c>POST /api/v5/trade/batch-orders</c> does.</summary>
    (JsonArray? Data, OkxError? Error) PlaceOrders(string ordersJson);

    /// <summary>Cancels the order a JSON object names, as <c>POST /api/v5/trade/cancel-order</c> does.</summary>
    (JsonArray? Data, OkxError? Error) CancelOrder(string orderJson);

    /// <summary>The trading account's balance, as one element of <c>GET /api/v5/account/balance</c>'s data.</summary>
    JsonObject Account();
}
