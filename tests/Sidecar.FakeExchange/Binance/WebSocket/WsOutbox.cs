using System.Net.WebSockets;
using System.Threading.Channels;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// Everything a connection sends, in order, through one writer: answers, pushed events, bursts, and the close or
/// abort of a fault. A WebSocket allows one send at a time, and events are raised on other threads (an order placed
/// over REST), so they queue here instead of racing the answers.
/// </summary>
internal sealed class WsOutbox
{
    private readonly Channel<Outgoing> _queue = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a text frame (UTF-8 JSON); dropped once the connection is closing.</summary>
    public void Send(byte[] frame) => _queue.Writer.TryWrite(new Outgoing(frame, null, null, false));

    /// <summary>Queues a text frame and completes once the socket has taken it (so a burst feels the peer's
    /// backpressure); canceled when the connection closes first.</summary>
    public Task SendAndWaitAsync(byte[] frame)
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Outgoing(frame, sent, null, false)))
        {
            sent.TrySetCanceled();
        }

        return sent.Task;
    }

    /// <summary>Sends a close frame with this status after what is queued, then stops sending.</summary>
    public void Close(WebSocketCloseStatus status, string? description)
    {
        _queue.Writer.TryWrite(new Outgoing(null, null, (status, description), false));
        _queue.Writer.TryComplete();
    }

    /// <summary>Drops the TCP connection after what is queued, with no close frame.</summary>
    public void Abort()
    {
        _queue.Writer.TryWrite(new Outgoing(null, null, null, true));
        _queue.Writer.TryComplete();
    }

    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunAsync(System.Net.WebSockets.WebSocket socket, HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(cancellationToken))
            {
                if (item.Frame is not null)
                {
                    await socket.SendAsync(item.Frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                    item.Sent?.TrySetResult();
                }
                else if (item.Abort)
                {
                    context.Abort();
                    return;
                }
                else if (item.Close is var (status, description) &&
                         socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(status, description, cancellationToken);
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The peer went away or the server is stopping: nothing more to send.
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                left.Sent?.TrySetCanceled();
            }
        }
    }

    private sealed record Outgoing(byte[]? Frame, TaskCompletionSource? Sent, (WebSocketCloseStatus, string?)? Close, bool Abort);
}
