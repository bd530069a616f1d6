using System.Buffers;
using System.Net.WebSockets;
using Sidecar.FakeExchange.Binance.WebSocket;
using Sidecar.FakeExchange.Http;

namespace Sidecar.FakeExchange.Common;

/// <summary>
/// The WebSocket side shared by the Gate and Bitfinex fakes: accepts the upgrade (no compression, as the exchanges'
/// answers to Sidecar never negotiate it), numbers connections, hands each complete text message to the exchange's
/// handler, sends through one writer per connection (<see cref="WsOutbox"/>), keeps the journal of frames, and lets
/// the exchange push to every open connection.
/// </summary>
internal sealed class FakeWebSocketServer<TState>
    where TState : class
{
    /// <summary>Neither exchange documents a request size limit; a MiB is far above any real request.</summary>
    private const int MaxMessageBytes = 1 << 20;

    private readonly RequestJournal<FakeWebSocketFrame> _journal = new();
    private readonly Lock _gate = new();
    private readonly List<FakeWebSocketConnection<TState>> _open = [];
    private long _nextId;

    public IReadOnlyList<FakeWebSocketFrame> Frames => _journal.Snapshot();

    /// <summary>Connections accepted so far.</summary>
    public long Accepted => Interlocked.Read(ref _nextId);

    public void Record(FakeWebSocketFrame frame) => _journal.Add(frame);

    /// <summary>Open connections (for pushes), as of now.</summary>
    public IReadOnlyList<FakeWebSocketConnection<TState>> Open
    {
        get
        {
            lock (_gate)
            {
                return [.. _open];
            }
        }
    }

    /// <summary>
    /// Serves one upgraded connection until it closes: <paramref name="opened"/> makes its state (and may send a
    /// greeting), <paramref name="handle"/> gets each text message, <paramref name="closed"/> runs once it is gone;
    /// <paramref name="stopping"/> (the server stopping) ends it.
    /// </summary>
    public async Task RunAsync(
        HttpContext context,
        CancellationToken stopping,
        Func<FakeWebSocketConnection<TState>, TState> opened,
        Action<FakeWebSocketConnection<TState>, string> handle,
        Action<FakeWebSocketConnection<TState>>? closed = null)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = false });
        var connection = new FakeWebSocketConnection<TState>(Interlocked.Increment(ref _nextId), context.Request.Path.Value ?? "/", new WsOutbox());
        connection.State = opened(connection);
        lock (_gate)
        {
            _open.Add(connection);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var sending = connection.Outbox.RunAsync(socket, context, stop.Token);
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.GetMemory(4096), stop.Token);
                    buffer.Advance(result.Count);
                    if (buffer.WrittenCount > MaxMessageBytes)
                    {
                        connection.Outbox.Close(WebSocketCloseStatus.MessageTooBig, "message too big");
                        return;
                    }
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    connection.Outbox.Close(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null);
                    return;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    handle(connection, Encoding.UTF8.GetString(buffer.WrittenSpan));
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The peer went away or the server is stopping.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(connection);
            }

            closed?.Invoke(connection);
            connection.Outbox.Complete();
            await sending;
        }
    }
}

/// <summary>One accepted connection: its number, path, writer and the exchange's state for it.</summary>
internal sealed class FakeWebSocketConnection<TState>(long id, string path, WsOutbox outbox)
    where TState : class
{
    public long Id { get; } = id;

    public string Path { get; } = path;

    public WsOutbox Outbox { get; } = outbox;

    public TState State { get; set; } = null!;

    public void Send(string json) => Outbox.Send(Encoding.UTF8.GetBytes(json));
}
