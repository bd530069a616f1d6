using System.Net.WebSockets;
using System.Text;

namespace Sidecar.Tests.Infrastructure;

/// <summary>
/// A plain WebSocket client for tests that speak an exchange's JSON themselves (a raw bot): sends text frames and
/// waits for the next one that matches, keeping the others for later waits. No compression, no protocol pings.
/// </summary>
public sealed class TextWebSocketClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);

    private readonly ClientWebSocket _socket;
    private readonly List<string> _unread = [];

    private TextWebSocketClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public static async Task<TextWebSocketClient> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(DefaultWait);
        await socket.ConnectAsync(uri, timeout.Token);
        return new TextWebSocketClient(socket);
    }

    public Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The first frame (kept or new) that <paramref name="match"/> accepts; fails after 15 s or on a close.</summary>
    public async Task<string> ReceiveAsync(Func<string, bool> match)
    {
        var kept = _unread.FindIndex(m => match(m));
        if (kept >= 0)
        {
            var found = _unread[kept];
            _unread.RemoveAt(kept);
            return found;
        }

        using var timeout = new CancellationTokenSource(DefaultWait);
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

    /// <summary>Everything received and not yet matched.</summary>
    public IReadOnlyList<string> Unread => _unread;

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
