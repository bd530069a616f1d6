using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// A plain WebSocket client for tests that speak an exchange's text frames by hand: send a frame, read the next
/// message, or wait for the first one a predicate accepts (skipping pushes and pongs on the way).
/// </summary>
internal sealed class TextWebSocketClient : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;

    private TextWebSocketClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public static async Task<TextWebSocketClient> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(uri, timeout.Token);
        return new TextWebSocketClient(socket);
    }

    public Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next message as text; throws when the connection closes instead.</summary>
    public async Task<string> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        using var message = new MemoryStream();
        var buffer = new byte[8192];
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"closed: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(message.ToArray());
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

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(Wait);
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // The server already went; nothing to close.
            }
        }

        _socket.Dispose();
    }
}
