using System.Buffers;
using System.Net.WebSockets;

namespace Sidecar.FakeExchange.Binance.WebSocket;

/// <summary>
/// One accepted WebSocket connection: what the upgrade asked for, its outbox, its WebSocket API session (none on a
/// user data stream), and the receive loop that hands each message to its endpoint and applies injected faults.
/// </summary>
internal sealed class WsConnection(long id, string path, string query, string? offeredExtensions, string? negotiatedExtensions)
{
    /// <summary>Binance documents no request size limit; a MiB is far above any real request.</summary>
    private const int MaxMessageBytes = 1 << 20;

    private int _messages;
    private bool _faulted;
    private volatile bool _open = true;

    public long Id { get; } = id;

    public string Path { get; } = path;

    public WsOutbox Outbox { get; } = new();

    /// <summary>The WebSocket API session; null on a USDⓈ-M user data stream.</summary>
    public WsSession? Session { get; set; }

    public WebSocketConnectionInfo Snapshot() =>
        new(Id, Path, query, offeredExtensions, negotiatedExtensions, Volatile.Read(ref _messages), _open);

    /// <summary>Receives until the peer closes, a fault strikes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task ReceiveAsync(
        System.Net.WebSockets.WebSocket socket,
        WebSocketApi? api,
        Func<WebSocketFault?> fault,
        CancellationToken cancellationToken)
    {
        var message = new ArrayBufferWriter<byte>(4096);
        try
        {
            ApplyFault(fault());
            while (true)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(message.GetMemory(4096), cancellationToken);
                    message.Advance(result.Count);
                    if (message.WrittenCount > MaxMessageBytes)
                    {
                        Outbox.Close(WebSocketCloseStatus.MessageTooBig, "Message too big.");
                        return;
                    }
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // Answer the peer's close (RFC 6455 §5.5.1), after whatever is still queued.
                    Outbox.Close(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null);
                    return;
                }

                Interlocked.Increment(ref _messages);
                if (_faulted)
                {
                    continue;
                }

                api?.Handle(Session!, result.MessageType, message.WrittenSpan);
                ApplyFault(fault());
            }
        }
        finally
        {
            _open = false;
        }
    }

    private void ApplyFault(WebSocketFault? fault)
    {
        if (_faulted || fault is null || Volatile.Read(ref _messages) < fault.AfterMessages ||
            (fault.Path is not null && fault.Path != Path))
        {
            return;
        }

        _faulted = true;
        if (fault.CloseStatus is { } status)
        {
            Outbox.Close(status, fault.CloseDescription);
        }
        else
        {
            Outbox.Abort();
        }
    }
}
