using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sidecar.Tests.EndToEnd.Binance;

/// <summary>
/// A plain WebSocket client for Binance's WebSocket API, written for the tests from the docs (not from the fake): it
/// builds request frames, signs them (HMAC hex or Ed25519 base64 over the params sorted by name), and tells answers
/// (frames with a <c>status</c>) from pushed events.
/// </summary>
internal sealed class BinanceWsTestClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;
    private readonly Queue<string> _events = new();

    private BinanceWsTestClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    public static async Task<BinanceWsTestClient> ConnectAsync(Uri uri, bool offerCompression = false)
    {
        var socket = new ClientWebSocket();
        // No unsolicited pongs: whether the client answers the server's pings is up to the test.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (offerCompression)
        {
            socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        }

        using var timeout = new CancellationTokenSource(DefaultWait);
        await socket.ConnectAsync(uri, timeout.Token);
        return new BinanceWsTestClient(socket);
    }

    /// <summary>A request frame: <c>{"id":…,"method":…,"params":{…}}</c>; values are JSON (strings, numbers, booleans).</summary>
    public static string Frame(object id, string method, IEnumerable<KeyValuePair<string, object>>? parameters = null)
    {
        var frame = new JsonObject { ["id"] = JsonSerializer.SerializeToNode(id), ["method"] = method };
        if (parameters is not null)
        {
            var members = new JsonObject();
            foreach (var (name, value) in parameters)
            {
                members[name] = JsonSerializer.SerializeToNode(value);
            }

            frame["params"] = members;
        }

        return frame.ToJsonString();
    }

    /// <summary>Adds <c>apiKey</c>, <c>timestamp</c> and <c>signature</c> to <paramref name="parameters"/>, signing
    /// <c>name=value</c> pairs sorted by name and joined with '&amp;' (values as their JSON text, strings unquoted).</summary>
    public static Dictionary<string, object> Signed(string apiKey, Func<string, string> sign, params (string Name, object Value)[] parameters)
    {
        var all = parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        all["apiKey"] = apiKey;
        all.TryAdd("timestamp", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var payload = string.Join('&', all.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Text(p.Value)));
        all["signature"] = sign(payload);
        return all;
    }

    public static Func<string, string> Hmac(string secret) =>
        payload => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload)));

    public Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Sends a frame and returns the next answer as text (events that arrive first are kept for
    /// <see cref="NextEventAsync"/>).</summary>
    public async Task<string> AskAsync(string frame)
    {
        await SendAsync(frame);
        while (true)
        {
            var text = await ReceiveAsync();
            if (JsonNode.Parse(text)?["status"] is not null)
            {
                return text;
            }

            _events.Enqueue(text);
        }
    }

    public async Task<JsonNode> AskJsonAsync(string frame) => JsonNode.Parse(await AskAsync(frame))!;

    /// <summary>The next pushed event (a frame without a <c>status</c>).</summary>
    public async Task<JsonNode> NextEventAsync()
    {
        if (_events.TryDequeue(out var queued))
        {
            return JsonNode.Parse(queued)!;
        }

        var text = await ReceiveAsync();
        Assert.Null(JsonNode.Parse(text)?["status"]);
        return JsonNode.Parse(text)!;
    }

    /// <summary>The next event whose type (<c>e</c>, unwrapped from <c>event</c> when wrapped) is <paramref name="type"/>.</summary>
    public async Task<JsonNode> NextEventAsync(string type)
    {
        while (true)
        {
            var frame = await NextEventAsync();
            var payload = frame["event"] ?? frame;
            if (payload["e"]?.GetValue<string>() == type)
            {
                return frame;
            }
        }
    }

    /// <summary>The next message as text; throws when the connection closes instead.</summary>
    public async Task<string> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(DefaultWait);
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

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(DefaultWait);
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // The server already went; nothing to close.
            }
        }

        _socket.Dispose();
    }

    private static string Text(object value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"unsupported parameter value {value.GetType()}"),
    };
}
