namespace Sidecar.FakeExchange.Bybit.WebSocket;

/// <summary>The fake Bybit's account, shared by its REST and WebSocket sides: the clock, the order book, the wallet.</summary>
internal interface IBybitAccount : IFakeOrderBook
{
    /// <summary>Places the order a JSON object describes, as <c>POST /v5/order/create</c> does.</summary>
    (JsonNode? Result, BybitError? Error) Create(string orderJson);

    /// <summary>Cancels the order a JSON object names, as <c>POST /v5/order/cancel</c> does.</summary>
    (JsonNode? Result, BybitError? Error) Cancel(string orderJson);

    /// <summary>The unified wallet, as <c>result.list</c> of <c>GET /v5/account/wallet-balance</c>.</summary>
    JsonArray WalletList();
}
