using System.Buffers;
using System.Net.WebSockets;
using Sidecar.FakeExchange.Binance.WebSocket;

namespace Sidecar.FakeExchange.Common;

/// <summary>
/// One WebSocket frame a fake exchange received, and its verdict: what the op was, which key it carried (login frames),
/// whether the signature verified with the fake's own code, and the exchange's answer code ("0" for success).
/// </summary>
/// <param name="ConnectionId">Numbered from 1 in order of acceptance.</param>
/// <param name="Path">The connection's path (e.g. <c>/v5/private</c>).</param>
/// <param name="Frame">The text as received.</param>
/// <param name="Op">The op, or null when the frame had none.</param>
/// <param name="Id">The request id as received (JSON text, quotes included), or null.</param>
/// <param name="ApiKey">The API key a login frame carried; null on other frames.</param>
/// <param name="Signature">The verdict on a login frame's signature; NotRequired on other frames.</param>
/// <param name="Authenticated">Whether the connection was logged in when the frame was handled (after it, for a login).</param>
/// <param name="Code">The exchange's answer code: "0" on success, its error code otherwise.</param>
public sealed record RecordedFrame(long ConnectionId, string Path, string Frame, string? Op, string? Id, string? ApiKey, SignatureCheck Signature, bool Authenticated, string Code);

/// <summary>One accepted connection of a fake exchange's WebSocket endpoint: its path, login state, subscriptions and outbox.</summary>
public sealed class FakeWebSocketConnection
{
    private readonly HashSet<string> _channels = new(StringComparer.Ordinal);

    internal FakeWebSocketConnection(long id, string path)
    {
        Id = id;
        Path = path;
    }

    public long Id { get; }

    public string Path { get; }

    /// <summary>Logged in with the account's key (a verified login frame).</summary>
    public bool Authenticated { get; set; }

    public bool Open { get; internal set; } = true;

    internal WsOutbox Outbox { get; } = new();

    /// <summary>Queues a text frame to the client.</summary>
    public void Send(string json) => Outbox.Send(Encoding.UTF8.GetBytes(json));

    public void Subscribe(string channel)
    {
        lock (_channels)
        {
            _channels.Add(channel);
        }
    }

    public bool IsSubscribed(string channel)
    {
        lock (_channels)
        {
            return _channels.Contains(channel);
        }
    }
}

/// <summary>
/// The WebSocket side of a fake exchange, on its REST server's listener: accepts upgrades to the exchange's paths (no
/// compression), hands each complete text message to the exchange's handler in order, keeps a journal of the frames
/// and the open connections (for pushes). Messages over 1 MiB close the connection (1009), as no exchange request
/// comes near that.
/// </summary>
public sealed class FakeWebSockets(Func<string, bool> isPath, Action<FakeWebSocketConnection, string> handle)
{
    private const int MaxMessageBytes = 1 << 20;

    private readonly Lock _gate = new();
    private readonly List<RecordedFrame> _frames = [];
    private readonly List<FakeWebSocketConnection> _connections = [];
    private long _nextId;

    /// <summary>Every frame received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedFrame> Frames
    {
        get
        {
            lock (_gate)
            {
                return [.. _frames];
            }
        }
    }

    /// <summary>Every connection accepted so far (open or closed), in order.</summary>
    public IReadOnlyList<FakeWebSocketConnection> Connections
    {
        get
        {
            lock (_gate)
            {
                return [.. _connections];
            }
        }
    }

    public bool IsWebSocketRequest(HttpContext context) => context.WebSockets.IsWebSocketRequest && isPath(context.Request.Path.Value ?? "");

    public void Record(RecordedFrame frame)
    {
        lock (_gate)
        {
            _frames.Add(frame);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _frames.Clear();
        }
    }

    /// <summary>Sends <paramref name="json"/> to every open connection for which <paramref name="to"/> holds.</summary>
    public void Push(Func<FakeWebSocketConnection, bool> to, string json)
    {
        foreach (var connection in Connections)
        {
            if (connection.Open && to(connection))
            {
                connection.Send(json);
            }
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = false });
        var connection = new FakeWebSocketConnection(Interlocked.Increment(ref _nextId), context.Request.Path.Value!);
        lock (_gate)
        {
            _connections.Add(connection);
        }

        var sending = connection.Outbox.RunAsync(socket, context, context.RequestAborted);
        var message = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(message.GetMemory(4096), context.RequestAborted);
                    message.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close && message.WrittenCount <= MaxMessageBytes);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    connection.Outbox.Close(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null);
                    return;
                }

                if (message.WrittenCount > MaxMessageBytes)
                {
                    connection.Outbox.Close(WebSocketCloseStatus.MessageTooBig, "Message too big.");
                    return;
                }

                handle(connection, Encoding.UTF8.GetString(message.WrittenSpan));
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away or the server is stopping.
        }
        finally
        {
            connection.Open = false;
            connection.Outbox.Complete();
            await sending;
        }
    }
}
