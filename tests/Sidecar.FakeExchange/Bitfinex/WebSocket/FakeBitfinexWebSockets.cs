namespace Sidecar.FakeExchange.Bitfinex.WebSocket;

/// <summary>
/// The fake Bitfinex's authenticated WebSocket v2 (<c>/ws/2</c>), written from docs.bitfinex.com ("Authenticated
/// Channels", "Account Info", "WS Inputs"): greets with the <c>info</c> event; checks the <c>auth</c> event with its own
/// code — the key, <c>authPayload == "AUTH" + authNonce</c>, <c>authSig == hex(HMAC-SHA384(secret, authPayload))</c>,
/// and the nonce above every nonce the key used before over REST or WebSocket (<see cref="FakeBitfinex.TryUseNonce"/>)
/// — answering <c>{"event":"auth","status":"OK"|"FAILED",…}</c> and, on success, the account snapshots on channel 0
/// (<c>ps</c>, <c>ws</c>, <c>os</c>: ccxt pro's watchBalance resolves on <c>ws</c>). Order inputs (<c>on</c>, <c>oc</c>)
/// on an authenticated connection use the REST fake's book and answer with a notification; orders placed or cancelled
/// over REST are pushed as <c>on</c>/<c>oc</c> (watchOrders). <c>dms:4</c> cancels the account's orders when the
/// socket closes, as the docs say. Every frame goes in <see cref="Frames"/>.
/// </summary>
public sealed class FakeBitfinexWebSockets
{
    public const string Path = "/ws/2";

    /// <summary>
    /// How long after a successful auth the account snapshots follow (see <see cref="SendSnapshotsAsync"/>): long
    /// enough that a relay stalled on a loaded machine still sends them in a read of their own.
    /// </summary>
    private static readonly TimeSpan SnapshotDelay = TimeSpan.FromMilliseconds(300);

    /// <summary>Bitfinex's user id for the fake's account.</summary>
    public const long UserId = 3159883;

    private readonly FakeBitfinexOptions _options;
    private readonly FakeBitfinex _exchange;
    private readonly FakeWebSocketServer<Connection> _server = new();
    private int _nextChannel = 100;

    internal FakeBitfinexWebSockets(FakeBitfinexOptions options, FakeBitfinex exchange)
    {
        _options = options;
        _exchange = exchange;
    }

    /// <summary>Every frame received so far, in arrival order, with the fake's verdict on its credentials.</summary>
    public IReadOnlyList<FakeWebSocketFrame> Frames => _server.Frames;

    /// <summary>Connections accepted so far.</summary>
    public long Connections => _server.Accepted;

    internal Task HandleAsync(HttpContext context, CancellationToken stopping) =>
        _server.RunAsync(context, stopping, Open, Handle, Closed);

    /// <summary>Pushes an order change (<c>on</c>, <c>oc</c>) to every authenticated connection.</summary>
    internal void OrderChanged(string change, JsonNode order)
    {
        var frame = new JsonArray(0, change, order).ToJsonString();
        foreach (var connection in _server.Open)
        {
            if (connection.State.Authenticated)
            {
                connection.Send(frame);
            }
        }
    }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static Connection Open(FakeWebSocketConnection<Connection> connection)
    {
        connection.Send("""{"event":"info","version":2,"serverId":"fake-bitfinex","platform":{"status":1}}""");
        return new Connection();
    }

    private void Closed(FakeWebSocketConnection<Connection> connection)
    {
        if (connection.State.DeadManSwitch)
        {
            // dms:4 — "when socket is closed, cancel all account orders".
            foreach (var order in _exchange.OpenOrders())
            {
                using var request = JsonDocument.Parse(new JsonObject { ["id"] = order![0]!.GetValue<long>() }.ToJsonString());
                _exchange.CancelFromWebSocket(request.RootElement);
            }
        }
    }

    private void Handle(FakeWebSocketConnection<Connection> connection, string text)
    {
        JsonNode? message;
        try
        {
            message = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            message = null;
        }

        switch (message)
        {
            case JsonObject { } request when request["event"]?.ToString() == "auth":
                Authenticate(connection, text, request);
                break;
            case JsonObject { } request:
                Event(connection, text, request);
                break;
            case JsonArray { Count: 4 } input when input[0]?.ToJsonString() == "0" && input[1] is JsonValue:
                Input(connection, text, input);
                break;
            default:
                connection.Send("""{"event":"error","msg":"invalid message","code":10000}""");
                Record(connection, text, null, null, null, SignatureCheck.NotRequired, null, "10000 invalid message");
                break;
        }
    }

    private void Authenticate(FakeWebSocketConnection<Connection> connection, string text, JsonObject request)
    {
        var key = request["apiKey"]?.ToString();
        var nonceText = request["authNonce"]?.ToString();
        var payload = request["authPayload"]?.ToString();
        var signature = request["authSig"]?.ToString();
        var signed = payload is null ? SignatureCheck.Missing
            : key == _options.ApiKey && payload == "AUTH" + nonceText && Verify(payload, signature) ? SignatureCheck.Valid : SignatureCheck.Invalid;
        string? error = null;
        if (connection.State.Authenticated)
        {
            error = "10100 auth: dup";
        }
        else if (key != _options.ApiKey)
        {
            error = "10100 apikey: invalid";
        }
        else if (signed != SignatureCheck.Valid)
        {
            error = "10100 apikey: digest invalid";
        }
        else if (!long.TryParse(nonceText, NumberStyles.None, CultureInfo.InvariantCulture, out var nonce) || !_exchange.TryUseNonce(nonce))
        {
            error = "10114 nonce: small";
        }

        Record(connection, text, "auth", null, key, signed, payload, error);
        if (error is not null)
        {
            var space = error.IndexOf(' ', StringComparison.Ordinal);
            connection.Send(new JsonObject
            {
                ["event"] = "auth", ["status"] = "FAILED", ["chanId"] = 0,
                ["code"] = int.Parse(error[..space], CultureInfo.InvariantCulture), ["msg"] = error[(space + 1)..],
            }.ToJsonString());
            return;
        }

        connection.State.Authenticated = true;
        connection.State.DeadManSwitch = request["dms"]?.ToJsonString() == "4";
        var write = new JsonObject { ["read"] = 1, ["write"] = 1 };
        connection.Send(new JsonObject
        {
            ["event"] = "auth", ["status"] = "OK", ["chanId"] = 0, ["userId"] = UserId,
            ["auth_id"] = "00000000-fake-auth-0000-000000000000",
            ["caps"] = new JsonObject { ["orders"] = write.DeepClone(), ["account"] = write.DeepClone(), ["wallets"] = write.DeepClone() },
        }.ToJsonString());
        _ = SendSnapshotsAsync(connection);
    }

    /// <summary>
    /// The account snapshots on channel 0, a little after the auth answer: in a TCP read of their own, as from the
    /// exchange. ccxt 4.5.84 asks for the balance only once its auth has resolved, and the ws library hands it every
    /// frame of one read before that can happen, so a snapshot in the auth answer's read would be lost.
    /// </summary>
    private async Task SendSnapshotsAsync(FakeWebSocketConnection<Connection> connection)
    {
        await Task.Delay(SnapshotDelay);
        connection.Send(new JsonArray(0, "ps", new JsonArray()).ToJsonString());
        connection.Send(new JsonArray(0, "ws", _exchange.Wallets()).ToJsonString());
        connection.Send(new JsonArray(0, "os", _exchange.OpenOrders()).ToJsonString());
    }

    private void Event(FakeWebSocketConnection<Connection> connection, string text, JsonObject request)
    {
        var name = request["event"]?.ToString();
        switch (name)
        {
            case "subscribe":
                var channel = request["channel"]?.ToString();
                connection.Send(new JsonObject
                {
                    ["event"] = "subscribed", ["channel"] = channel, ["chanId"] = Interlocked.Increment(ref _nextChannel),
                    ["symbol"] = request["symbol"]?.DeepClone(),
                }.ToJsonString());
                break;
            case "ping":
                connection.Send(new JsonObject { ["event"] = "pong", ["ts"] = Now, ["cid"] = request["cid"]?.DeepClone() }.ToJsonString());
                break;
            case "conf" or "unsubscribe":
                connection.Send(new JsonObject { ["event"] = name == "conf" ? "conf" : "unsubscribed", ["status"] = "OK" }.ToJsonString());
                break;
            default:
                connection.Send("""{"event":"error","msg":"unknown event","code":10000}""");
                Record(connection, text, name, null, null, SignatureCheck.NotRequired, null, "10000 unknown event");
                return;
        }

        Record(connection, text, name, request["cid"]?.ToJsonString(), null, SignatureCheck.NotRequired, null, null);
    }

    private void Input(FakeWebSocketConnection<Connection> connection, string text, JsonArray input)
    {
        var name = input[1]!.ToString();
        var cid = (input[3] as JsonObject)?["cid"]?.ToJsonString();
        if (!connection.State.Authenticated)
        {
            connection.Send(Notification(name + "-req", null, "ERROR", "auth: not authenticated").ToJsonString());
            Record(connection, text, name, cid, null, SignatureCheck.Missing, null, "auth: not authenticated");
            return;
        }

        using var details = JsonDocument.Parse(input[3]?.ToJsonString() ?? "null");
        var answer = name switch
        {
            "on" => _exchange.SubmitFromWebSocket(details.RootElement),
            "oc" => _exchange.CancelFromWebSocket(details.RootElement),
            _ => new JsonArray("error", 10020, "input not supported by the fake"),
        };

        // REST answers a failure ["error", CODE, TEXT]; the WebSocket sends it as an ERROR notification.
        var failed = answer is JsonArray { Count: 3 } error && error[0]?.ToString() == "error";
        var notification = failed
            ? Notification(name + "-req", null, "ERROR", answer[2]!.ToString())
            : new JsonArray(0, "n", answer.DeepClone());
        connection.Send(notification.ToJsonString());
        Record(connection, text, name, cid, null, SignatureCheck.NotRequired, null, failed ? answer[2]!.ToString() : null);
    }

    /// <summary>authSig as the docs build it: hex(HMAC-SHA384(secret, authPayload)).</summary>
    internal static string AuthSignature(byte[] secret, string payload) =>
        Convert.ToHexStringLower(HMACSHA384.HashData(secret, Encoding.UTF8.GetBytes(payload)));

    private bool Verify(string payload, string? signature)
    {
        if (signature is null || signature.Length != 96 || !signature.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(AuthSignature(_options.Secret, payload)), Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>[0,"n",[MTS, TYPE, MESSAGE_ID, null, DATA, CODE, STATUS, TEXT]]</summary>
    private static JsonArray Notification(string type, JsonNode? data, string status, string text) =>
        new(0, "n", new JsonArray(Now, type, null, null, data, null, status, text));

    private void Record(FakeWebSocketConnection<Connection> connection, string frame, string? method, string? id, string? key, SignatureCheck check, string? signed, string? error) =>
        _server.Record(new FakeWebSocketFrame(connection.Id, connection.Path, frame, method, id, key, check, signed, error));

    internal sealed class Connection
    {
        public volatile bool Authenticated;

        public bool DeadManSwitch { get; set; }
    }
}
