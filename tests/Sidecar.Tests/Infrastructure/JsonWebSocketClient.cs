using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// A plain WebSocket client for exchanges that speak JSON text (Kraken, KuCoin): send a frame, read the next message,
/// or the next one that matches. Written for the tests, independent of Sidecar and of the fakes.
/// </summary>
public sealed class JsonWebSocketClient : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;

    private JsonWebSocketClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<JsonWebSocketClient> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(uri, timeout.Token);
        return new JsonWebSocketClient(socket);
    }

    public Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next message; throws when the connection closes first.</summary>
    public async Task<JsonNode> ReceiveAsync()
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

        return JsonNode.Parse(message.ToArray())!;
    }

    /// <summary>The next message for which <paramref name="match"/> holds, skipping the others (pushes, status).</summary>
    public async Task<JsonNode> ReceiveAsync(Func<JsonNode, bool> match)
    {
        while (true)
        {
            var message = await ReceiveAsync();
            if (match(message))
            {
                return message;
            }
        }
    }

    /// <summary>Sends <paramref name="frame"/> and returns the next message for which <paramref name="match"/> holds.</summary>
    public async Task<JsonNode> AskAsync(string frame, Func<JsonNode, bool> match)
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
