using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// A plain WebSocket client for tests that speak an exchange's text frames by hand (a raw bot): send a frame, read the
/// next message, or wait for the first one a predicate accepts. Frames a text wait skips are kept for later text waits;
/// JSON waits drop what they skip (pushes and pongs). No compression, no protocol pings.
/// </summary>
internal sealed class TextWebSocketClient : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly ClientWebSocket _socket;
    private readonly List<string> _unread = [];

    private TextWebSocketClient(ClientWebSocket socket) => _socket = socket;

    public static async Task<TextWebSocketClient> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(uri, timeout.Token);
        return new TextWebSocketClient(socket);
    }

    /// <summary>Everything a text wait received and did not match.</summary>
    public IReadOnlyList<string> Unread => _unread;

    public Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next message as text; throws when the connection closes instead.</summary>
    public async Task<string> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        return await ReceiveOneAsync(timeout.Token)
            ?? throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"closed: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
    }

    /// <summary>The first JSON message <paramref name="match"/> accepts; messages before it are dropped.</summary>
    public async Task<JsonObject> ReceiveAsync(Func<JsonObject, bool> match)
    {
        while (true)
        {
            var text = await ReceiveAsync();
            if (text.StartsWith('{') && JsonNode.Parse(text) is JsonObject json && match(json))
            {
                return json;
            }
        }
    }

    /// <summary>Sends <paramref name="frame"/> and returns the first JSON answer <paramref name="match"/> accepts.</summary>
    public async Task<JsonObject> AskAsync(string frame, Func<JsonObject, bool> match)
    {
        await SendAsync(frame);
        return await ReceiveAsync(match);
    }

    /// <summary>The first frame (kept or new) that <paramref name="match"/> accepts; fails after 15 s or on a close.</summary>
    public async Task<string> ReceiveTextAsync(Func<string, bool> match)
    {
        var kept = _unread.FindIndex(m => match(m));
        if (kept >= 0)
        {
            var found = _unread[kept];
            _unread.RemoveAt(kept);
            return found;
        }

        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var message = await ReceiveOneAsync(timeout.Token)
                ?? throw new InvalidOperationException($"the connection closed ({_socket.CloseStatus} {_socket.CloseStatusDescription}) before a matching frame; seen: {string.Join(" | ", _unread)}");
            if (match(message))
            {
                return message;
            }

            _unread.Add(message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The other side went first.
        }

        _socket.Dispose();
    }

    private async Task<string?> ReceiveOneAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }
}
