using System.Buffers;
using System.Net.WebSockets;
using Sidecar.FakeExchange.Binance.WebSocket;

namespace Sidecar.FakeExchange.Common;

/// <summary>
/// One accepted WebSocket connection of a fake exchange that speaks JSON text (Kraken, KuCoin): whole messages in,
/// handed to the exchange's handler one at a time; frames out through one queue (<see cref="WsOutbox"/>), so pushes
/// raised on other threads (an order placed over REST) never race the answers.
/// </summary>
internal sealed class FakeWebSocketPeer
{
    /// <summary>Neither exchange documents a request size limit; a MiB is far above any real request.</summary>
    private const int MaxMessageBytes = 1 << 20;

    private readonly WsOutbox _outbox = new();
    private volatile bool _open = true;

    public bool Open => _open;

    public void Send(JsonNode frame) => _outbox.Send(Encoding.UTF8.GetBytes(frame.ToJsonString()));

    /// <summary>Closes after what is queued.</summary>
    public void Close(WebSocketCloseStatus status, string description) => _outbox.Close(status, description);

    /// <summary>Accepts the upgrade and runs until either side closes or <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(HttpContext context, Action<string> onMessage, CancellationToken stopping)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var sending = _outbox.RunAsync(socket, context, stop.Token);
        var message = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(message.GetMemory(4096), stop.Token);
                    message.Advance(result.Count);
                    if (message.WrittenCount > MaxMessageBytes)
                    {
                        _outbox.Close(WebSocketCloseStatus.MessageTooBig, "Message too big.");
                        return;
                    }
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _outbox.Close(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "");
                    return;
                }

                onMessage(Encoding.UTF8.GetString(message.WrittenSpan));
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The peer went away or the server is stopping.
        }
        finally
        {
            _open = false;
            _outbox.Complete();
            await sending;
        }
    }
}

/// <summary>The connections subscribed to a channel: pushes raised on any thread go to each of them.</summary>
internal sealed class FakeWebSocketSubscribers
{
    private readonly Lock _gate = new();
    private readonly List<FakeWebSocketPeer> _peers = [];

    public void Add(FakeWebSocketPeer peer)
    {
        lock (_gate)
        {
            if (!_peers.Contains(peer))
            {
                _peers.Add(peer);
            }
        }
    }

    public void Remove(FakeWebSocketPeer peer)
    {
        lock (_gate)
        {
            _peers.Remove(peer);
        }
    }

    /// <summary>Sends each subscriber a frame of its own (<paramref name="frame"/> runs once per subscriber).</summary>
    public void Send(Func<JsonNode> frame)
    {
        FakeWebSocketPeer[] peers;
        lock (_gate)
        {
            peers = [.. _peers];
        }

        foreach (var peer in peers)
        {
            peer.Send(frame());
        }
    }
}
