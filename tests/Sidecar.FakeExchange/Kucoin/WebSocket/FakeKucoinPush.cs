using System.Net.WebSockets;
using Sidecar.FakeExchange.Http;

namespace Sidecar.FakeExchange.Kucoin.WebSocket;

/// <summary>One message a client sent to the fake's push server, and what it answered.</summary>
/// <param name="ConnectionToken">Whether the connection's <c>token</c> was one bullet-private (Private) or bullet-public
/// (Public) minted, or neither (Invalid; the connection was refused).</param>
/// <param name="Type">The <c>type</c>, or null.</param>
/// <param name="Id">The <c>id</c> as text, or null.</param>
/// <param name="Topic">The <c>topic</c> of a subscribe or unsubscribe.</param>
/// <param name="PrivateChannel">What <c>privateChannel</c> said.</param>
/// <param name="ErrorCode">The error code answered, or null.</param>
/// <param name="Frame">The message as received.</param>
public sealed record KucoinPushFrame(KucoinPushToken ConnectionToken, string? Type, string? Id, string? Topic, bool PrivateChannel, int? ErrorCode, string Frame);

/// <summary>A connection the push server accepted.</summary>
/// <param name="Query">The upgrade's query string, without '?'.</param>
/// <param name="Token">What its <c>token</c> was.</param>
public sealed record KucoinPushConnection(string Query, KucoinPushToken Token);

public enum KucoinPushToken
{
    Invalid,
    Public,
    Private,
}

/// <summary>
/// The fake KuCoin's push WebSocket, written from kucoin.com/docs-new ("WebSocket → Base Info", "Private Channels →
/// Balance Change", "Private Channels → Orders"): REST <c>bullet-private</c> / <c>bullet-public</c> mint a token and
/// name this server as the endpoint (<c>ws://127.0.0.1:PORT/endpoint</c>); a client connects to
/// <c>{endpoint}?token=…&amp;connectId=…</c> and gets <c>{"id":connectId,"type":"welcome"}</c>, or an error and a close
/// when the token is not one the fake minted. Then <c>ping</c> → <c>pong</c>; <c>subscribe</c> (with
/// <c>"response":true</c>) → <c>ack</c>; a private topic needs a private token and <c>privateChannel</c>. After a
/// <c>/account/balance</c> subscribe it pushes one balance message; <c>/spotMarket/tradeOrders</c> subscribers get an
/// <c>orderChange</c> for every order placed or cancelled over REST.
/// </summary>
public sealed class FakeKucoinPush
{
    public const string Path = "/endpoint";

    public const string BalanceTopic = "/account/balance";

    public const string OrdersTopic = "/spotMarket/tradeOrders";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, KucoinPushToken> _tokens = new(StringComparer.Ordinal);
    private readonly List<KucoinPushConnection> _connections = [];
    private readonly FakeWebSocketSubscribers _orderSubscribers = new();
    private readonly RequestJournal<KucoinPushFrame> _journal = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Where bullet answers send clients: this server's <c>ws://…/endpoint</c> (set once the server listens).</summary>
    public string Endpoint { get; internal set; } = "";

    /// <summary>Every message received so far, in order.</summary>
    public IReadOnlyList<KucoinPushFrame> Frames => _journal.Snapshot();

    public IReadOnlyList<KucoinPushConnection> Connections
    {
        get
        {
            lock (_gate)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>A bullet answer's <c>data</c>: a new token and this server as the one instance server.</summary>
    internal JsonObject Bullet(bool isPrivate)
    {
        // KuCoin's tokens are long base64url-ish strings with a '.'-separated suffix; '+', '/' and '=' included.
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) + "." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        lock (_gate)
        {
            _tokens[token] = isPrivate ? KucoinPushToken.Private : KucoinPushToken.Public;
        }

        return new JsonObject
        {
            ["token"] = token,
            ["instanceServers"] = new JsonArray(new JsonObject
            {
                ["endpoint"] = Endpoint,
                ["encrypt"] = false,
                ["protocol"] = "websocket",
                ["pingInterval"] = 18000,
                ["pingTimeout"] = 10000,
            }),
        };
    }

    internal void Stop() => _stopping.Cancel();

    /// <summary>An order placed (<c>open</c>) or cancelled (<c>canceled</c>) over REST, to every orders subscriber.</summary>
    internal void OrderChanged(JsonObject order, string type)
    {
        var nanoseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        _orderSubscribers.Send(() => new JsonObject
        {
            ["type"] = "message",
            ["topic"] = OrdersTopic,
            ["subject"] = "orderChange",
            ["channelType"] = "private",
            ["userId"] = "6217707c52f97f00012a67db",
            ["data"] = new JsonObject
            {
                ["symbol"] = order["symbol"]!.DeepClone(),
                ["orderType"] = "limit",
                ["side"] = order["side"]!.DeepClone(),
                ["orderId"] = order["id"]!.DeepClone(),
                ["type"] = type,
                ["orderTime"] = nanoseconds,
                ["size"] = order["size"]!.DeepClone(),
                ["filledSize"] = "0",
                ["price"] = order["price"]!.DeepClone(),
                ["clientOid"] = order["clientOid"]!.DeepClone(),
                ["remainSize"] = type == "open" ? order["size"]!.DeepClone() : "0",
                ["status"] = type == "open" ? "open" : "done",
                ["ts"] = nanoseconds,
            },
        });
    }

    internal async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var connectId = query["connectId"].ToString();
        KucoinPushToken kind;
        lock (_gate)
        {
            kind = _tokens.TryGetValue(query["token"].ToString(), out var known) ? known : KucoinPushToken.Invalid;
            _connections.Add(new KucoinPushConnection(context.Request.QueryString.Value?.TrimStart('?') ?? "", kind));
        }

        var peer = new FakeWebSocketPeer();
        if (kind == KucoinPushToken.Invalid)
        {
            peer.Send(Error(connectId, 401, "token is invalid"));
            peer.Close(WebSocketCloseStatus.PolicyViolation, "token is invalid");
        }
        else
        {
            peer.Send(new JsonObject { ["id"] = connectId, ["type"] = "welcome" });
        }

        try
        {
            await peer.RunAsync(context, text => Handle(peer, kind, text), _stopping.Token);
        }
        finally
        {
            _orderSubscribers.Remove(peer);
        }
    }

    private void Handle(FakeWebSocketPeer peer, KucoinPushToken token, string text)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            message = null;
        }

        var type = Text(message, "type");
        var id = message?["id"] is JsonValue value ? value.ToString() : null;
        var topic = Text(message, "topic");
        var privateChannel = message?["privateChannel"] is JsonValue flag && flag.TryGetValue(out bool isPrivate) && isPrivate;
        var response = message?["response"] is JsonValue wanted && wanted.TryGetValue(out bool answer) && answer;
        var (code, data) = token == KucoinPushToken.Invalid ? (401, "token is invalid")
            : message is null ? (400, "message is not JSON")
            : type switch
            {
                "ping" => (0, null),
                "subscribe" or "unsubscribe" => Subscription(token, topic, privateChannel),
                _ => (415, "type is not supported"),
            };
        _journal.Add(new KucoinPushFrame(token, type, id, topic, privateChannel, code == 0 ? null : code, text));
        if (code != 0)
        {
            peer.Send(Error(id, code, data!));
            return;
        }

        if (type == "ping")
        {
            peer.Send(new JsonObject { ["id"] = id, ["type"] = "pong", ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 });
            return;
        }

        if (response)
        {
            peer.Send(new JsonObject { ["id"] = id, ["type"] = "ack" });
        }

        if (type == "unsubscribe")
        {
            _orderSubscribers.Remove(peer);
        }
        else if (topic == BalanceTopic)
        {
            peer.Send(BalanceMessage());
        }
        else
        {
            _orderSubscribers.Add(peer);
        }
    }

    /// <summary>The private topics this fake serves need a private token and <c>privateChannel</c>, as KuCoin's do.</summary>
    private static (int Code, string? Data) Subscription(KucoinPushToken token, string? topic, bool privateChannel) =>
        topic is not (BalanceTopic or OrdersTopic) ? (404, $"topic {topic} is not found")
        : token != KucoinPushToken.Private || !privateChannel ? (401, "private topic needs a private token and privateChannel")
        : (0, null);

    private static JsonObject BalanceMessage()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new JsonObject
        {
            ["type"] = "message",
            ["topic"] = BalanceTopic,
            ["subject"] = "account.balance",
            ["channelType"] = "private",
            ["userId"] = "6217707c52f97f00012a67db",
            ["id"] = now.ToString("x", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = new JsonObject
            {
                ["accountId"] = "5bd6e9286d99522a52e458de",
                ["available"] = "10000",
                ["availableChange"] = "0",
                ["currency"] = "USDT",
                ["hold"] = "0",
                ["holdChange"] = "0",
                ["relationContext"] = new JsonObject(),
                ["relationEvent"] = "trade.setted",
                ["relationEventId"] = "6217a451294b030001e3a26a",
                ["time"] = now.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["total"] = "10000",
            },
        };
    }

    private static JsonObject Error(string? id, int code, string data) => new() { ["id"] = id, ["type"] = "error", ["code"] = code, ["data"] = data };

    private static string? Text(JsonObject? o, string name) => o?[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
