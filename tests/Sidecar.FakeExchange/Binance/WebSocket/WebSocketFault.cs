using System.Net.WebSockets;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// A fault the fake injects into its WebSocket connections, for tests of what a client or relay does when the
/// exchange misbehaves. Once a connection has received <see cref="AfterMessages"/> messages (and queued their answers)
/// the fake answers nothing more on it and either sends a close frame with <see cref="CloseStatus"/> after those
/// answers or, when that is null, drops the TCP connection with no close frame (an answer still in flight may be lost
/// then, as on a real network failure). <c>AfterMessages = 0</c> strikes as soon as a connection opens.
/// </summary>
/// <param name="AfterMessages">Messages a connection receives before the fault strikes.</param>
/// <param name="CloseStatus">The close code to send; null to abort instead.</param>
/// <param name="CloseDescription">The close reason to send with it.</param>
/// <param name="Path">Only connections to this path (e.g. <c>/ws-api/v3</c>); null for every connection.</param>
public sealed record WebSocketFault(int AfterMessages, WebSocketCloseStatus? CloseStatus, string? CloseDescription = null, string? Path = null)
{
    /// <summary>Close with <paramref name="status"/> after <paramref name="afterMessages"/> messages.</summary>
    public static WebSocketFault Close(int afterMessages, WebSocketCloseStatus status, string? description = null, string? path = null) =>
        new(afterMessages, status, description, path);

    /// <summary>Drop the connection abruptly (TCP reset, no close frame) after <paramref name="afterMessages"/> messages.</summary>
    public static WebSocketFault Abort(int afterMessages, string? path = null) => new(afterMessages, null, null, path);
}
