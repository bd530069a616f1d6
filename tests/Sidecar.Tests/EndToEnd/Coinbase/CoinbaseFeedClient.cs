using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Sidecar.Tests.EndToEnd.Coinbase;

/// <summary>
/// A plain WebSocket client for Coinbase's feeds (Advanced Trade and Exchange), for tests: sends text messages and
/// reads the feed's messages one at a time, each as JSON.
/// </summary>
internal sealed class CoinbaseFeedClient : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly ClientWebSocket _socket;

    private CoinbaseFeedClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<CoinbaseFeedClient> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        try
        {
            using var timeout = new CancellationTokenSource(Wait);
            await socket.ConnectAsync(uri, timeout.Token);
            return new CoinbaseFeedClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next message the feed sends.</summary>
    public async Task<JsonElement> ReceiveAsync()
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

        Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
        return JsonDocument.Parse(buffer.AsMemory(0, filled)).RootElement.Clone();
    }

    /// <summary>Messages until one satisfies <paramref name="match"/> (heartbeats and confirmations in between are skipped).</summary>
    public async Task<JsonElement> ReceiveUntilAsync(Func<JsonElement, bool> match)
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

    public void Dispose() => _socket.Dispose();
}
