using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace Sidecar.FakeExchange.Deribit.WebSocket;

/// <summary>
/// The fake Deribit's WebSocket API (<c>/ws/api/v2</c>, on the same server and order book as its HTTP API), written
/// from docs.deribit.com: JSON-RPC 2.0 requests, answered <c>{"jsonrpc","id","result"|"error",usIn,usOut,usDiff,testnet}</c>.
/// A connection logs in with <c>public/auth</c> (<see cref="DeribitWsLogin"/>); after that its private methods need no
/// token (the default scope is the connection), or a private method carries a valid <c>access_token</c> param.
/// <c>private/subscribe</c> to <c>user.portfolio.{currency}</c> pushes the account's portfolio right after the answer;
/// <c>user.orders.*</c> subscribers get every order placed or cancelled (over either API), as Deribit sends no snapshot.
/// <c>private/withdraw</c> works here, so a test can see that it never arrives. Every request is journaled.
/// </summary>
public sealed class FakeDeribitWebSocket
{
    public const string Path = "/ws/api/v2";

    /// <summary>Deribit refuses larger messages ("Message Too Big: limit 32768B", quoted in ccxt's deribit.js).</summary>
    private const int MaxMessageBytes = 32 * 1024;

    private readonly FakeDeribit _exchange;
    private readonly DeribitWsLogin _login;
    private readonly ConcurrentQueue<RecordedDeribitFrame> _frames = new();
    private readonly ConcurrentDictionary<long, Connection> _connections = new();
    private long _nextConnection;
    private long _withdrawals;

    internal FakeDeribitWebSocket(FakeDeribit exchange, FakeDeribitOptions options)
    {
        _exchange = exchange;
        _login = new DeribitWsLogin(options);
        exchange.OrderChanged += PushOrder;
    }

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedDeribitFrame> Frames => [.. _frames];

    /// <summary>Every token the fake issued in a login answer.</summary>
    public IReadOnlyList<string> IssuedTokens => _login.Issued;

    /// <summary>Connections accepted so far.</summary>
    public long ConnectionCount => Interlocked.Read(ref _nextConnection);

    internal async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != Path)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new Connection(Interlocked.Increment(ref _nextConnection), socket);
        _connections[connection.Id] = connection;
        try
        {
            var buffer = new byte[MaxMessageBytes + 1];
            while (true)
            {
                var filled = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(filled), context.RequestAborted);
                    filled += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close && filled <= MaxMessageBytes);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await connection.CloseAsync(WebSocketCloseStatus.NormalClosure);
                    return;
                }

                if (filled > MaxMessageBytes)
                {
                    await connection.CloseAsync(WebSocketCloseStatus.MessageTooBig);
                    return;
                }

                await HandleRequestAsync(connection, Encoding.UTF8.GetString(buffer, 0, filled));
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The peer went away.
        }
        finally
        {
            _connections.TryRemove(connection.Id, out _);
        }
    }

    private async Task HandleRequestAsync(Connection connection, string frame)
    {
        var started = DateTimeOffset.UtcNow;
        JsonObject? request;
        try
        {
            request = JsonNode.Parse(frame) as JsonObject;
        }
        catch (JsonException)
        {
            request = null;
        }

        var id = request?["id"]?.DeepClone();
        var method = request?["method"] is JsonValue m && m.TryGetValue<string>(out var name) ? name : null;
        var parameters = request?["params"] as JsonObject ?? [];
        var call = request is null ? Call.Fail(-32700, "Parse error") : method is null ? Call.Fail(-32600, "Invalid Request") : Dispatch(connection, method, parameters);
        _frames.Enqueue(new RecordedDeribitFrame(connection.Id, frame, id?.ToJsonString(), method, call.Login?.GrantType, call.Login?.ClientId,
            call.Login?.Signature ?? SignatureCheck.NotRequired, call.Authorization, call.Code, call.Message));
        if (call.Closes)
        {
            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure);
            return;
        }

        var answer = FakeDeribit.Answer(id, call.Result, call.Code, call.Message, started);
        await connection.SendAsync(answer);
        if (call.Pushes is { } pushes)
        {
            foreach (var push in pushes)
            {
                await connection.SendAsync(push);
            }
        }
    }

    private Call Dispatch(Connection connection, string method, JsonObject parameters)
    {
        if (method == "public/auth")
        {
            var login = _login.Login(parameters);
            if (login.Result is not null)
            {
                connection.LoggedIn = true;
            }

            return new Call(login.Result, login.Code, login.Message) { Login = login };
        }

        if (method.StartsWith("public/", StringComparison.Ordinal))
        {
            var name = method["public/".Length..];
            return name switch
            {
                "test" or "hello" => new Call(new JsonObject { ["version"] = "1.2.26" }),
                "subscribe" or "unsubscribe" => new Call(parameters["channels"]?.DeepClone() ?? new JsonArray()),
                "set_heartbeat" or "disable_heartbeat" => new Call(JsonValue.Create("ok")),
                _ => Call.From(FakeDeribit.Public(name, parameters)),
            };
        }

        if (!method.StartsWith("private/", StringComparison.Ordinal))
        {
            return Call.Fail(-32601, "Method not found");
        }

        string authorization;
        if (parameters["access_token"] is { } token)
        {
            if (!_login.IsValidAccessToken(token.ToString()))
            {
                return Call.Fail(13009, "unauthorized");
            }

            authorization = "token";
        }
        else if (connection.LoggedIn)
        {
            authorization = "connection";
        }
        else
        {
            return Call.Fail(10000, "authorization_required");
        }

        var call = Private(connection, method["private/".Length..], parameters);
        return call with { Authorization = authorization };
    }

    private Call Private(Connection connection, string name, JsonObject parameters)
    {
        switch (name)
        {
            case "subscribe":
                var channels = (parameters["channels"] as JsonArray)?.Select(c => c?.ToString()).OfType<string>().ToArray() ?? [];
                var pushes = new List<JsonObject>();
                foreach (var channel in channels)
                {
                    connection.Channels[channel] = 0;
                    if (IsPortfolioChannel(channel))
                    {
                        pushes.Add(Notification(channel, FakeDeribit.Summary()));
                    }
                }

                return new Call(new JsonArray([.. channels.Select(c => (JsonNode)c)])) { Pushes = pushes };
            case "unsubscribe":
                foreach (var channel in (parameters["channels"] as JsonArray ?? []).Select(c => c?.ToString() ?? ""))
                {
                    connection.Channels.TryRemove(channel, out _);
                }

                return new Call(parameters["channels"]?.DeepClone() ?? new JsonArray());
            case "unsubscribe_all":
                connection.Channels.Clear();
                return new Call(JsonValue.Create("ok"));
            case "logout":
                // "Gracefully close websocket connection": no answer, the connection closes.
                return new Call(null) { Closes = true };
            case "withdraw":
                return new Call(new JsonObject
                {
                    ["id"] = Interlocked.Increment(ref _withdrawals),
                    ["currency"] = parameters["currency"]?.ToString(),
                    ["address"] = parameters["address"]?.ToString(),
                    ["amount"] = parameters["amount"]?.DeepClone(),
                    ["state"] = "unconfirmed",
                });
            default:
                return Call.From(_exchange.Private(name, parameters));
        }
    }

    /// <summary>Pushes a changed order to every connection subscribed to a user.orders channel that covers it.</summary>
    private void PushOrder(JsonObject order)
    {
        foreach (var connection in _connections.Values)
        {
            foreach (var channel in connection.Channels.Keys)
            {
                if (OrderChannelCovers(channel, order, out var raw))
                {
                    _ = connection.SendAsync(Notification(channel, raw ? order.DeepClone() : new JsonArray(order.DeepClone())));
                }
            }
        }
    }

    private static bool IsPortfolioChannel(string channel) =>
        channel.Equals("user.portfolio.btc", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// user.orders.{instrument_name}.{interval} or user.orders.{kind}.{currency}.{interval} (kind any|future|…, currency
    /// any|BTC|…, interval raw|100ms|agg2): raw pushes the order itself, the others an array.
    /// </summary>
    private static bool OrderChannelCovers(string channel, JsonObject order, out bool raw)
    {
        var parts = channel.Split('.');
        raw = parts[^1] == "raw";
        var instrument = order["instrument_name"]?.ToString() ?? "";
        return (parts.Length, parts) switch
        {
            (4, ["user", "orders", var name, _]) => name == instrument,
            (5, ["user", "orders", var kind, var currency, _]) => kind is "any" or "future" && (currency == "any" || instrument.StartsWith(currency + "-", StringComparison.Ordinal)),
            _ => false,
        };
    }

    private static JsonObject Notification(string channel, JsonNode data) => new()
    {
        ["jsonrpc"] = "2.0",
        ["method"] = "subscription",
        ["params"] = new JsonObject { ["channel"] = channel, ["data"] = data },
    };

    private sealed record Call(JsonNode? Result, int? Code = null, string? Message = null)
    {
        public DeribitWsLogin.Outcome? Login { get; init; }

        public string? Authorization { get; init; }

        public IReadOnlyList<JsonObject>? Pushes { get; init; }

        public bool Closes { get; init; }

        public static Call Fail(int code, string message) => new(null, code, message);

        public static Call From((int Status, JsonNode? Result, int? Code, string? Message) outcome) => new(outcome.Result, outcome.Code, outcome.Message);
    }

    /// <summary>One connection: logged in or not, its subscriptions, and one sender at a time (answers and pushes).</summary>
    private sealed class Connection(long id, System.Net.WebSockets.WebSocket socket)
    {
        private readonly SemaphoreSlim _send = new(1, 1);

        public long Id { get; } = id;

        public bool LoggedIn { get; set; }

        public ConcurrentDictionary<string, byte> Channels { get; } = new(StringComparer.Ordinal);

        public async Task SendAsync(JsonNode message)
        {
            await _send.WaitAsync();
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException)
            {
                // The peer went away.
            }
            finally
            {
                _send.Release();
            }
        }

        public async Task CloseAsync(WebSocketCloseStatus status)
        {
            await _send.WaitAsync();
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseAsync(status, null, CancellationToken.None);
                }
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException)
            {
                // The peer went away.
            }
            finally
            {
                _send.Release();
            }
        }
    }
}
