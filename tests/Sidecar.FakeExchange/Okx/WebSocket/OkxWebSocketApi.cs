namespace Sidecar.FakeExchange.Okx.WebSocket;

/// <summary>
/// The fake OKX's v5 WebSocket API, written from okx.com/docs-v5 ("WebSocket → Connect, Login, Subscribe", "Trading
/// Account → WebSocket → Account channel", "Order Book Trading → Trade → WS / Place order, Cancel order, Order
/// channel"):
/// <list type="bullet">
/// <item><c>/ws/v5/private</c> and <c>/ws/v5/business</c>: <c>login</c>, then subscriptions to private channels (a
/// subscribe to <c>account</c> is followed by the balance, one to <c>orders</c> by the open orders, if any), and on
/// <c>/private</c> the order ops <c>order</c>, <c>batch-orders</c> and <c>cancel-order</c> on the REST fake's book; every
/// order placed or cancelled (here or over REST) is pushed to the connections subscribed to <c>orders</c>.</item>
/// <item><c>/ws/v5/public</c>: subscriptions without login; a login there is refused (60008).</item>
/// <item>The text <c>ping</c> is answered <c>pong</c> everywhere.</item>
/// </list>
/// The login is checked with the fake's own code: the key, the passphrase, a timestamp in seconds within 30 s of the
/// server clock, and <c>sign = base64(HMAC-SHA256(secret, timestamp + "GET" + "/users/self/verify"))</c>. Errors
/// are OKX's: events <c>{event:"error", code, msg, connId}</c> for logins and subscriptions, <c>{id, op, code, msg, data}</c>
/// for ops; a request that is not JSON is quoted back ("Illegal request: …", 60012), as OKX does.
/// </summary>
internal sealed class OkxWebSocketApi
{
    private const string PublicPath = "/ws/v5/public";
    private const string PrivatePath = "/ws/v5/private";
    private const string BusinessPath = "/ws/v5/business";
    private const string Uid = "44705892343619584";

    private static readonly TimeSpan ExpiresAfter = TimeSpan.FromSeconds(30);

    /// <summary>OKX escapes only what JSON needs (a quoted request reads <c>\"</c>, not <c>\u0022</c>).</summary>
    private static readonly JsonSerializerOptions OkxWriting = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] PrivateChannels = ["account", "orders", "positions", "balance_and_position", "orders-algo", "fills"];

    private readonly string _apiKey;
    private readonly string _passphrase;
    private readonly byte[] _secret;
    private readonly IOkxAccount _account;

    public OkxWebSocketApi(FakeOkxOptions options, IOkxAccount account)
    {
        _apiKey = options.ApiKey;
        _passphrase = options.Passphrase;
        _secret = options.Secret.ToArray();
        _account = account;
        Sockets = new FakeWebSockets(path => path is PublicPath or PrivatePath or BusinessPath, Handle);
        account.OrderChanged += order => Sockets.Push(
            c => c.Path == PrivatePath && c.Authenticated && c.IsSubscribed("orders"),
            OrdersPush(new JsonArray(order)));
    }

    public FakeWebSockets Sockets { get; }

    public bool QuoteLoginsAsIllegal { get; set; }

    /// <summary>The sign OKX expects on a login: base64(HMAC-SHA256(secret, timestamp + "GET" + "/users/self/verify")).</summary>
    public static string Sign(byte[] secret, string timestamp) =>
        Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(timestamp + "GET" + "/users/self/verify")));

    public void Forget() => CryptographicOperations.ZeroMemory(_secret);

    private void Handle(FakeWebSocketConnection connection, string text)
    {
        if (text == "ping")
        {
            connection.Send("pong");
            Record(connection, text, "ping", null, null, SignatureCheck.NotRequired, "0");
            return;
        }

        JsonObject? request = null;
        try
        {
            request = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            // Quoted back below.
        }

        var op = request?["op"] is JsonValue opValue && opValue.TryGetValue<string>(out var name) ? name : null;
        var id = request?["id"];
        if (request is null || op is null)
        {
            ErrorEvent(connection, text, op, id, "60012", "Illegal request: " + text);
            return;
        }

        switch (op)
        {
            case "login":
                Login(connection, request, text);
                break;
            case "subscribe" or "unsubscribe":
                Subscribe(connection, request, text, op);
                break;
            case "order" or "batch-orders" or "cancel-order" when connection.Path == PrivatePath:
                Trade(connection, request, text, op);
                break;
            default:
                ErrorEvent(connection, text, op, id, "60019", $"Invalid op: {op}");
                break;
        }
    }

    private void Login(FakeWebSocketConnection connection, JsonObject request, string text)
    {
        var args = request["args"] as JsonArray;
        var login = args is { Count: 1 } ? args[0] as JsonObject : null;
        var apiKey = Text(login, "apiKey");
        if (QuoteLoginsAsIllegal || login is null)
        {
            ErrorEvent(connection, text, "login", null, "60012", "Illegal request: " + text, apiKey);
            return;
        }

        if (connection.Path == PublicPath)
        {
            ErrorEvent(connection, text, "login", null, "60008", "Login is not supported for public channels", apiKey);
            return;
        }

        var passphrase = Text(login, "passphrase");
        var timestamp = Text(login, "timestamp");
        var sign = Text(login, "sign");
        var (code, message, check) = apiKey is null || !FakeHttp.Same(apiKey, _apiKey) ? ("60005", "Invalid OK-ACCESS-KEY", SignatureCheck.NotRequired)
            : passphrase is null || !FakeHttp.Same(passphrase, _passphrase) ? ("60024", "Wrong passphrase", SignatureCheck.NotRequired)
            : !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? ("60004", "Invalid timestamp", SignatureCheck.NotRequired)
            : string.IsNullOrEmpty(sign) ? ("60007", "Invalid sign", SignatureCheck.Missing)
            : !FakeHttp.Same(sign, Sign(_secret, timestamp!)) ? ("60007", "Invalid sign", SignatureCheck.Invalid)
            : Math.Abs(_account.Now() - (seconds * 1000)) > ExpiresAfter.TotalMilliseconds ? ("60006", "Timestamp request expired", SignatureCheck.Valid)
            : ("0", "", SignatureCheck.Valid);
        if (code != "0")
        {
            ErrorEvent(connection, text, "login", null, code, message, apiKey, check);
            return;
        }

        connection.Authenticated = true;
        connection.Send(new JsonObject { ["event"] = "login", ["code"] = "0", ["msg"] = "", ["connId"] = ConnId(connection) }.ToJsonString());
        Record(connection, text, "login", null, apiKey, check, "0");
    }

    private void Subscribe(FakeWebSocketConnection connection, JsonObject request, string text, string op)
    {
        var id = request["id"];
        if (request["args"] is not JsonArray { Count: > 0 } args || args.Any(a => Text(a as JsonObject, "channel") is null))
        {
            ErrorEvent(connection, text, op, id, "60013", "Invalid args");
            return;
        }

        var channels = args.Select(a => Text((JsonObject)a!, "channel")!).ToArray();
        if (channels.Any(PrivateChannels.Contains) && (connection.Path == PublicPath || !connection.Authenticated))
        {
            ErrorEvent(connection, text, op, id, connection.Path == PublicPath ? "60018" : "60011",
                connection.Path == PublicPath ? "Wrong URL or channel doesn't exist" : "Please log in");
            return;
        }

        foreach (var arg in args)
        {
            var answer = new JsonObject { ["event"] = op, ["arg"] = arg!.DeepClone(), ["connId"] = ConnId(connection) };
            if (id is not null)
            {
                answer["id"] = id.DeepClone();
            }

            connection.Send(answer.ToJsonString());
        }

        Record(connection, text, op, id, null, SignatureCheck.NotRequired, "0");
        if (op != "subscribe")
        {
            return;
        }

        foreach (var channel in channels)
        {
            connection.Subscribe(channel);
        }

        if (connection.Path == PublicPath)
        {
            return;
        }

        if (channels.Contains("account"))
        {
            connection.Send(new JsonObject
            {
                ["arg"] = new JsonObject { ["channel"] = "account", ["uid"] = Uid },
                ["eventType"] = "snapshot", ["curPage"] = 1, ["lastPage"] = true,
                ["data"] = new JsonArray(_account.Account()),
            }.ToJsonString());
        }

        if (channels.Contains("orders") && _account.OpenOrders() is { Count: > 0 } open)
        {
            connection.Send(OrdersPush(new JsonArray([.. open])));
        }
    }

    private void Trade(FakeWebSocketConnection connection, JsonObject request, string text, string op)
    {
        var id = request["id"];
        if (!connection.Authenticated)
        {
            OpAnswer(connection, text, op, id, "60011", "Please log in", null);
            return;
        }

        var args = request["args"] as JsonArray;
        var count = args?.Count ?? 0;
        if (count == 0 || (op != "batch-orders" && count != 1) || count > 20 || args!.Any(a => a is not JsonObject))
        {
            OpAnswer(connection, text, op, id, "60013", "Invalid args", null);
            return;
        }

        // WebSocket orders may name the instrument by instIdCode; the REST book knows instId.
        var orders = new JsonArray([.. args!.Select(a => ByInstId((JsonObject)a!.DeepClone()))]);
        var (data, error) = op == "cancel-order" ? _account.CancelOrder(orders[0]!.ToJsonString()) : _account.PlaceOrders(orders.ToJsonString());
        OpAnswer(connection, text, op, id, error?.Code ?? "0", error is { Code: not "1" } ? error.Msg : "", data);
    }

    private static JsonObject ByInstId(JsonObject order)
    {
        if (order["instIdCode"] is JsonValue code && code.TryGetValue<long>(out var value))
        {
            order.Remove("instIdCode");
            order["instId"] = value == FakeOkx.InstIdCode ? "BTC-USDT" : "unknown-instIdCode-" + value.ToString(CultureInfo.InvariantCulture);
        }

        return order;
    }

    private string OrdersPush(JsonArray orders)
    {
        foreach (var order in orders.OfType<JsonObject>())
        {
            order["fillSz"] ??= "0";
            order["instIdCode"] ??= FakeOkx.InstIdCode;
        }

        return new JsonObject
        {
            ["arg"] = new JsonObject { ["channel"] = "orders", ["instType"] = "SPOT", ["uid"] = Uid },
            ["data"] = orders,
        }.ToJsonString();
    }

    private void OpAnswer(FakeWebSocketConnection connection, string text, string op, JsonNode? id, string code, string message, JsonArray? data)
    {
        var now = (_account.Now() * 1000).ToString(CultureInfo.InvariantCulture);
        connection.Send(new JsonObject
        {
            ["id"] = id?.DeepClone(), ["op"] = op, ["code"] = code, ["msg"] = message, ["data"] = data ?? [],
            ["inTime"] = now, ["outTime"] = now,
        }.ToJsonString());
        Record(connection, text, op, id, null, SignatureCheck.NotRequired, code);
    }

    private void ErrorEvent(FakeWebSocketConnection connection, string text, string? op, JsonNode? id, string code, string message,
        string? apiKey = null, SignatureCheck check = SignatureCheck.NotRequired)
    {
        var answer = new JsonObject { ["event"] = "error", ["code"] = code, ["msg"] = message, ["connId"] = ConnId(connection) };
        if (id is not null)
        {
            answer["id"] = id.DeepClone();
        }

        connection.Send(answer.ToJsonString(OkxWriting));
        Record(connection, text, op, id, apiKey, check, code);
    }

    private void Record(FakeWebSocketConnection connection, string text, string? op, JsonNode? id, string? apiKey, SignatureCheck check, string code) =>
        Sockets.Record(new RecordedFrame(connection.Id, connection.Path, text, op, id?.ToJsonString(), apiKey, check, connection.Authenticated, code));

    private static string ConnId(FakeWebSocketConnection connection) => "fake" + connection.Id.ToString("x8", CultureInfo.InvariantCulture);

    private static string? Text(JsonObject? o, string name) => o?[name] is JsonValue v ? v.ToString() : null;
}
