namespace Sidecar.FakeExchange.Common;

/// <summary>
/// A fake whose WebSocket API runs on <see cref="FakeWebSockets"/> (Bybit, OKX): upgrades to its paths go there,
/// everything else to the REST side; its frames and connections are recorded next to the REST requests.
/// </summary>
public abstract class FakeSocketExchangeServer : FakeExchangeServer
{
    /// <summary>The same listener for WebSocket clients, e.g. ws://127.0.0.1:43121.</summary>
    public Uri WebSocketAddress => new UriBuilder(BaseAddress) { Scheme = "ws" }.Uri;

    /// <summary>Every WebSocket frame received so far, with the fake's verdict on it.</summary>
    public IReadOnlyList<RecordedFrame> WebSocketFrames => Sockets.Frames;

    /// <summary>Every WebSocket connection accepted so far.</summary>
    public IReadOnlyList<FakeWebSocketConnection> WebSocketConnections => Sockets.Connections;

    private protected abstract FakeWebSockets Sockets { get; }

    /// <summary>Forgets the REST requests and WebSocket frames received so far.</summary>
    public void ClearRequests()
    {
        Journal.Clear();
        Sockets.Clear();
    }

    private protected sealed override Task HandleAsync(HttpContext context) =>
        Sockets.IsWebSocketRequest(context) ? Sockets.HandleAsync(context) : HandleRestAsync(context);

    /// <summary>A request that is not an upgrade to one of the venue's WebSocket paths.</summary>
    private protected abstract Task HandleRestAsync(HttpContext context);
}
