namespace Sidecar.FakeExchange.Bybit.WebSocket;

/// <summary>
/// The fake Bybit's v5 WebSocket API, written from bybit-exchange.github.io/docs/v5/ws/connect,
/// /v5/websocket/trade/guideline and the private topic pages (order, wallet):
/// <list type="bullet">
/// <item><c>/v5/private</c>: <c>auth</c>, <c>subscribe</c>/<c>unsubscribe</c> to private topics (after auth), <c>ping</c>;
/// answers <c>{success, ret_msg, conn_id, req_id, op}</c>. A subscribe to <c>wallet</c> is followed by a wallet push, one
/// to <c>order</c> by the open orders (if any); every order placed or cancelled (here or over REST) is pushed to the
/// connections subscribed to <c>order</c>.</item>
/// <item><c>/v5/trade</c>: <c>auth</c>, then <c>order.create</c>/<c>order.cancel</c> on the REST fake's book, with the
/// header timestamp rule <c>server_time - recv_window &lt;= X-BAPI-TIMESTAMP &lt; server_time + 1000</c>; answers
/// <c>{reqId, retCode, retMsg, op, data, header, connId}</c>.</item>
/// <item><c>/v5/public/*</c>: subscribe and ping, no auth.</item>
/// </list>
/// The auth frame is checked with the fake's own code: the key, <c>expires</c> still ahead of the server clock, and
/// <c>signature = hex(HMAC-SHA256(secret, "GET/realtime" + expires))</c>.
/// </summary>
internal sealed class BybitWebSocketApi
{
    private const string PrivatePath = "/v5/private";
    private const string TradePath = "/v5/trade";

    private static readonly string[] PrivateTopics = ["order", "wallet", "execution", "execution.fast", "position", "greeks", "dcp"];

    private readonly string _apiKey;
    private readonly byte[] _secret;
    private readonly IBybitAccount _account;

    public BybitWebSocketApi(FakeBybitOptions options, IBybitAccount account)
    {
        _apiKey = options.ApiKey;
        _secret = options.Secret.ToArray();
        _account = account;
        Sockets = new FakeWebSockets(path => path is PrivatePath or TradePath || path.StartsWith("/v5/public/", StringComparison.Ordinal), Handle);
        account.OrderChanged += order => Sockets.Push(
            c => c.Path == PrivatePath && c.Authenticated && c.IsSubscribed("order"),
            Push("order", new JsonArray(WithCategory(order))));
    }

    public FakeWebSockets Sockets { get; }

    /// <summary>The signature Bybit expects on an auth frame: hex(HMAC-SHA256(secret, "GET/realtime" + expires)).</summary>
    public static string Signature(byte[] secret, string expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("GET/realtime" + expires)));

    public void Forget() => CryptographicOperations.ZeroMemory(_secret);

    private void Handle(FakeWebSocketConnection connection, string text)
    {
        var trade = connection.Path == TradePath;
        JsonObject? request = null;
        try
        {
            request = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            // Answered below as a bad request.
        }

        var op = request?["op"] is JsonValue opValue && opValue.TryGetValue<string>(out var name) ? name : null;
        var id = request?["reqId"] ?? request?["req_id"];
        var reply = new Reply(connection, trade, id, op, text, this);
        if (request is null || op is null)
        {
            reply.Error(10001, "error:invalid request, op is required");
            return;
        }

        switch (op)
        {
            case "ping":
                reply.Ok(trade ? null : "pong");
                break;
            case "auth" when connection.Path is PrivatePath or TradePath:
                Auth(connection, request, reply);
                break;
            case "subscribe":
                Subscribe(connection, request, reply);
                break;
            case "unsubscribe":
                reply.Ok();
                break;
            case "order.create" or "order.cancel" when trade:
                Trade(connection, request, op, reply);
                break;
            default:
                reply.Error(10001, $"error:invalid op {op} on {connection.Path}");
                break;
        }
    }

    private void Auth(FakeWebSocketConnection connection, JsonObject request, Reply reply)
    {
        if (request["args"] is not JsonArray { Count: 3 } args || args[0] is not JsonValue key || args[2] is not JsonValue signature
            || !key.TryGetValue<string>(out var apiKey) || !signature.TryGetValue<string>(out var sent) || args[1] is not JsonValue expiresValue)
        {
            reply.Error(10001, "Params Error: args is [apiKey, expires, signature]");
            return;
        }

        // expires is a JSON string (ccxt) or number (Bybit's example): its text is what is signed.
        var expires = expiresValue.GetValueKind() == JsonValueKind.String ? expiresValue.GetValue<string>() : expiresValue.ToJsonString();
        reply.ApiKey = apiKey;
        if (connection.Authenticated)
        {
            reply.Error(20001, "Repeat auth");
            return;
        }

        if (!FakeHttp.Same(apiKey, _apiKey))
        {
            reply.Error(10003, "Invalid apikey", SignatureCheck.NotRequired);
            return;
        }

        if (string.IsNullOrEmpty(sent))
        {
            reply.Error(10004, "Invalid sign: no signature", SignatureCheck.Missing);
            return;
        }

        if (!FakeHttp.Same(sent, Signature(_secret, expires)))
        {
            reply.Error(10004, "Invalid sign", SignatureCheck.Invalid);
            return;
        }

        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt) || expiresAt <= _account.Now())
        {
            reply.Error(10002, $"Params Error: auth expired, expires[{expires}] server_time[{_account.Now()}]", SignatureCheck.Valid);
            return;
        }

        connection.Authenticated = true;
        reply.Ok(signature: SignatureCheck.Valid);
    }

    private void Subscribe(FakeWebSocketConnection connection, JsonObject request, Reply reply)
    {
        if (request["args"] is not JsonArray args || args.Count == 0 || args.Any(a => a is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            reply.Error(10001, "error:args must be a list of topics");
            return;
        }

        var topics = args.Select(a => a!.GetValue<string>()).ToArray();
        if (connection.Path == PrivatePath)
        {
            if (!connection.Authenticated)
            {
                reply.Error(10003, "Request not authorized");
                return;
            }

            if (topics.FirstOrDefault(t => !PrivateTopics.Contains(t)) is { } unknown)
            {
                reply.Error(10001, $"error:handler not found,topic:{unknown}");
                return;
            }
        }

        foreach (var topic in topics)
        {
            connection.Subscribe(topic);
        }

        reply.Ok();
        if (connection.Path != PrivatePath)
        {
            return;
        }

        if (topics.Contains("wallet"))
        {
            connection.Send(Push("wallet", _account.WalletList()));
        }

        if (topics.Contains("order") && _account.OpenOrders() is { Count: > 0 } open)
        {
            connection.Send(Push("order", new JsonArray([.. open.Select(WithCategory)])));
        }
    }

    private void Trade(FakeWebSocketConnection connection, JsonObject request, string op, Reply reply)
    {
        if (!connection.Authenticated)
        {
            reply.Error(10003, "Request not authorized");
            return;
        }

        var header = request["header"] as JsonObject;
        var timestamp = header?["X-BAPI-TIMESTAMP"]?.ToString();
        var windowText = header?["X-BAPI-RECV-WINDOW"]?.ToString();
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var sentAt)
            || (windowText is not null && !long.TryParse(windowText, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            reply.Error(10001, "Params Error: header X-BAPI-TIMESTAMP (and X-BAPI-RECV-WINDOW) must be numbers");
            return;
        }

        var window = windowText is null ? 5000 : long.Parse(windowText, CultureInfo.InvariantCulture);
        var now = _account.Now();
        if (sentAt < now - window || sentAt >= now + 1000)
        {
            reply.Error(10002, $"invalid request, please check your server timestamp or recv_window param. req_timestamp[{sentAt}],server_timestamp[{now}],recv_window[{window}]");
            return;
        }

        if (request["args"] is not JsonArray { Count: 1 } args || args[0] is not JsonObject order)
        {
            reply.Error(10001, "Params Error: args supports one item only");
            return;
        }

        var (result, error) = op == "order.create" ? _account.Create(order.ToJsonString()) : _account.Cancel(order.ToJsonString());
        if (error is not null)
        {
            reply.Error(error.RetCode, error.RetMsg);
            return;
        }

        reply.Ok(data: result);
    }

    private string Push(string topic, JsonArray data) => new JsonObject
    {
        ["id"] = Guid.NewGuid().ToString("N"),
        ["topic"] = topic,
        ["creationTime"] = _account.Now(),
        ["data"] = data,
    }.ToJsonString();

    private static JsonObject WithCategory(JsonObject order)
    {
        order["category"] = "spot";
        order["leavesQty"] ??= order["qty"]?.DeepClone();
        return order;
    }

    /// <summary>Answers one frame in the shape of its endpoint, and records it.</summary>
    private sealed class Reply(FakeWebSocketConnection connection, bool trade, JsonNode? id, string? op, string frame, BybitWebSocketApi api)
    {
        public string? ApiKey { get; set; }

        public void Ok(string? message = null, JsonNode? data = null, SignatureCheck signature = SignatureCheck.NotRequired) =>
            Send(0, message ?? (trade ? "OK" : ""), data, signature);

        public void Error(int code, string message, SignatureCheck signature = SignatureCheck.NotRequired) => Send(code, message, null, signature);

        private void Send(int code, string message, JsonNode? data, SignatureCheck signature)
        {
            var connId = "fake-" + connection.Id.ToString(CultureInfo.InvariantCulture);
            JsonObject answer;
            if (trade)
            {
                answer = new JsonObject { ["retCode"] = code, ["retMsg"] = message, ["op"] = op };
                if (id is not null)
                {
                    answer["reqId"] = id.ToString();
                }

                if (op != "auth")
                {
                    answer["data"] = data ?? new JsonObject();
                    answer["header"] = new JsonObject { ["X-Bapi-Limit"] = "20", ["X-Bapi-Limit-Status"] = "19", ["Timenow"] = api._account.Now().ToString(CultureInfo.InvariantCulture) };
                }

                answer["connId"] = connId;
            }
            else
            {
                answer = new JsonObject { ["success"] = code == 0, ["ret_msg"] = message, ["conn_id"] = connId, ["op"] = op };
                if (id is not null)
                {
                    answer["req_id"] = id.ToString();
                }

                if (code != 0 && op == "auth")
                {
                    // Bybit quotes a refused auth request back (ccxt's bybit.js records one).
                    answer["request"] = JsonNode.Parse(frame);
                }
            }

            connection.Send(answer.ToJsonString());
            api.Sockets.Record(new RecordedFrame(connection.Id, connection.Path, frame, op, id?.ToJsonString(), ApiKey, signature,
                connection.Authenticated, code.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
