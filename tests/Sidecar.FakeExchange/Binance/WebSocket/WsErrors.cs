namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// Errors only the WebSocket API answers, with the codes and messages of spot errors.md. Which code Binance gives an
/// unknown method or a missing logon is not documented: the fake's choices are marked as such.
/// </summary>
internal static class WsErrors
{
    /// <summary>Assumed: an unknown <c>method</c> (-1020 UNSUPPORTED_OPERATION).</summary>
    public static readonly BinanceError UnknownMethod = new(400, -1020, "This operation is not supported.");

    /// <summary>Assumed: <c>userDataStream.subscribe</c> without <c>session.logon</c> (-1002 UNAUTHORIZED).</summary>
    public static readonly BinanceError NotLoggedOn = new(401, -1002, "You are not authorized to execute this request.");

    public static readonly BinanceError SubscriptionActive = new(400, -2035, "User Data Stream subscription already active.");

    public static readonly BinanceError SubscriptionInactive = new(400, -2036, "User Data Stream subscription not active.");

    public static readonly BinanceError Unknown = new(500, -1000, "An unknown error occurred while processing the request.");
}
