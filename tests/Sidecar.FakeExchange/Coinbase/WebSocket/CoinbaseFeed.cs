using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Features;
using Sidecar.FakeExchange.Http;

namespace Sidecar.FakeExchange.Coinbase.WebSocket;

/// <summary>
/// The part of a fake Coinbase WebSocket feed (Advanced Trade, Exchange) that does not depend on the exchange: it
/// accepts the upgrade on whatever path (the feeds live at their host's root), reads each client message whole,
/// hands it to the exchange's <see cref="Handle"/>, journals the verdict and sends the replies in order. Both feeds
/// answer only what a client asked for (a subscribe's confirmation and first updates), so one loop per connection
/// does both reading and sending.
/// </summary>
internal abstract class CoinbaseFeed
{
    /// <summary>Coinbase closes on "Message too big" without saying how big; a MiB is far above any subscribe.</summary>
    private const int MaxMessageBytes = 1 << 20;

    private readonly RequestJournal<RecordedFeedMessage> _messages = new();
    private readonly RequestJournal<FeedConnectionInfo> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _nextConnectionId;

    public IReadOnlyList<RecordedFeedMessage> Messages => _messages.Snapshot();

    public IReadOnlyList<FeedConnectionInfo> Connections => _connections.Snapshot();

    /// <summary>Ends every connection: the server is stopping.</summary>
    public void Stop() => _stopping.Cancel();

    public async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var offered = context.Request.Headers.SecWebSocketExtensions;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = false });
        var connection = new FeedConnection(Interlocked.Increment(ref _nextConnectionId));
        _connections.Add(new FeedConnectionInfo(connection.Id, context.Request.Path.Value ?? "/", rawTarget, offered.Count == 0 ? null : offered.ToString()));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var message = new ArrayBufferWriter<byte>(4096);
        var replies = new List<JsonNode>();
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
                        await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "Message too big", stop.Token);
                        return;
                    }
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, stop.Token);
                    return;
                }

                replies.Clear();
                _messages.Add(Handle(connection, Encoding.UTF8.GetString(message.WrittenSpan), replies));
                foreach (var reply in replies)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(reply.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, stop.Token);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The peer went away, or the server is stopping.
        }
    }

    /// <summary>Judges one client message: the journal entry, and the messages to answer with (in order) in <paramref name="replies"/>.</summary>
    protected abstract RecordedFeedMessage Handle(FeedConnection connection, string frame, List<JsonNode> replies);

    /// <summary>The message as a JSON object, or null when it is not one.</summary>
    protected static JsonObject? ParseObject(string frame)
    {
        try
        {
            return JsonNode.Parse(frame) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A member's string value; null when it is absent or not a string.</summary>
    protected static string? Text(JsonObject message, string name) =>
        message[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The strings of an array member (<c>product_ids</c>); empty when absent; null when it is not an array of strings.</summary>
    protected static List<string>? Strings(JsonObject message, string name)
    {
        if (message[name] is null)
        {
            return [];
        }

        if (message[name] is not JsonArray array)
        {
            return null;
        }

        var strings = new List<string>();
        foreach (var item in array)
        {
            if (item is not JsonValue value || !value.TryGetValue<string>(out var text))
            {
                return null;
            }

            strings.Add(text);
        }

        return strings;
    }
}

/// <summary>One client connection's state on a fake feed: its subscriptions (channel → products) and a message counter.</summary>
internal sealed class FeedConnection(long id)
{
    public long Id { get; } = id;

    public SortedDictionary<string, SortedSet<string>> Subscriptions { get; } = new(StringComparer.Ordinal);

    /// <summary>Numbers the messages the feed sends on this connection (Advanced Trade's <c>sequence_num</c>).</summary>
    public long NextSequence() => _sequence++;

    private long _sequence;

    public void Subscribe(string channel, IEnumerable<string> products)
    {
        if (!Subscriptions.TryGetValue(channel, out var set))
        {
            Subscriptions[channel] = set = new SortedSet<string>(StringComparer.Ordinal);
        }

        set.UnionWith(products);
    }

    /// <summary>"You can also unsubscribe from a channel entirely by providing no product IDs."</summary>
    public void Unsubscribe(string channel, IReadOnlyCollection<string> products)
    {
        if (products.Count == 0 || !Subscriptions.TryGetValue(channel, out var set))
        {
            Subscriptions.Remove(channel);
            return;
        }

        set.ExceptWith(products);
        if (set.Count == 0)
        {
            Subscriptions.Remove(channel);
        }
    }
}
