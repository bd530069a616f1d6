using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sidecar.Tests.EndToEnd.Deribit;

/// <summary>
/// A raw JSON-RPC bot on one WebSocket: sends a request, waits for the reply with its id (keeping the notifications that
/// arrive meanwhile), and sees the close when the other side ends the connection. Every message it received is kept,
/// so a test can scan them for what the bot must never hold.
/// </summary>
internal sealed class DeribitWsBot : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly ClientWebSocket _socket = new();
    private readonly List<string> _received = [];

    private DeribitWsBot()
    {
    }

    /// <summary>Every message received so far, as text.</summary>
    public string Received => string.Join('\n', _received);

    /// <summary>Notifications (<c>"method":"subscription"</c>) received so far.</summary>
    public List<JsonElement> Notifications { get; } = [];

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<DeribitWsBot> ConnectAsync(Uri url)
    {
        var bot = new DeribitWsBot();
        await bot._socket.ConnectAsync(url, CancellationToken.None).WaitAsync(Wait);
        return bot;
    }

    /// <summary>Sends <c>{"jsonrpc":"2.0","id","method","params"}</c> and returns the reply with that id.</summary>
    public async Task<JsonElement> CallAsync(int id, string method, JsonObject? parameters = null)
    {
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            request["params"] = parameters;
        }

        await SendAsync(request.ToJsonString());
        while (true)
        {
            var message = await ReceiveAsync() ?? throw new InvalidOperationException($"closed before the reply to {method}: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            if (message.TryGetProperty("id", out var replyId) && replyId.ValueKind == JsonValueKind.Number && replyId.GetInt32() == id)
            {
                return message;
            }
        }
    }

    public Task SendAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message, or null when the connection closed.</summary>
    public async Task<JsonElement?> ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        var filled = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, filled, buffer.Length - filled), CancellationToken.None).WaitAsync(Wait);
            filled += result.Count;
        }
        while (!result.EndOfMessage);

        if (result.MessageType == WebSocketMessageType.Close)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, filled);
        _received.Add(text);
        var message = JsonDocument.Parse(text).RootElement.Clone();
        if (message.TryGetProperty("method", out var method) && method.GetString() == "subscription")
        {
            Notifications.Add(message);
        }

        return message;
    }

    public void Dispose() => _socket.Dispose();
}
