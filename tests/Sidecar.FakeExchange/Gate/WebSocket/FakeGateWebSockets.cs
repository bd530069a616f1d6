namespace Sidecar.FakeExchange.Gate.WebSocket;

/// <summary>
/// The fake Gate's WebSockets, written from gate.com/docs/developers/apiv4/ws (spot) and …/futures/ws: spot on
/// <c>/ws/v4/</c> and USDT futures on <c>/v4/ws/usdt</c>, on the REST fake's server, sharing its key and spot order
/// book. Private subscriptions are checked on their <c>auth</c> (KEY, and SIGN over <c>channel=…&amp;event=…&amp;time=…</c>,
/// time within 60 s; futures name the user id in payload[0]); WebSocket API requests (<c>event:"api"</c>) on their
/// payload's api_key, timestamp and signature over <c>"api\n" + channel + "\n" + req_param + "\n" + timestamp</c>
/// (the raw req_param), or on the connection's login when they carry none. After a successful subscribe to a
/// balances channel the fake pushes the balance; orders placed or cancelled (over REST or WebSocket) are pushed to
/// the orders channels — so ccxt pro's watchBalance and watchOrders resolve. Every frame goes in <see cref="Frames"/>.
/// </summary>
public sealed class FakeGateWebSockets
{
    public const string SpotPath = "/ws/v4/";
    public const string FuturesPath = "/v4/ws/usdt";

    /// <summary>Gate's rule for <c>time</c> and <c>timestamp</c>: within 60 s of its clock.</summary>
    private const long WindowSeconds = 60;

    private static readonly HashSet<string> PrivateChannels = new(StringComparer.Ordinal)
    {
        "spot.balances", "spot.orders", "spot.usertrades", "spot.priceorders",
        "futures.balances", "futures.orders", "futures.usertrades", "futures.positions", "futures.autoorders",
    };

    private readonly FakeGateOptions _options;
    private readonly FakeGate _exchange;
    private readonly FakeWebSocketServer<Connection> _server = new();
    private readonly Lock _futuresLock = new();
    private readonly Dictionary<string, JsonObject> _futuresOrders = new(StringComparer.Ordinal);
    private long _futuresSequence = 580_000_000_000;

    internal FakeGateWebSockets(FakeGateOptions options, FakeGate exchange)
    {
        _options = options;
        _exchange = exchange;
    }

    /// <summary>Every frame received so far, in arrival order, with the fake's verdict on its credentials.</summary>
    public IReadOnlyList<FakeWebSocketFrame> Frames => _server.Frames;

    /// <summary>Connections accepted so far.</summary>
    public long Connections => _server.Accepted;

    internal static bool Serves(PathString path) => path == SpotPath || path == FuturesPath;

    internal Task HandleAsync(HttpContext context, CancellationToken stopping) =>
        _server.RunAsync(context, stopping, connection => new Connection(), Handle);

    /// <summary>Pushes a spot order's change (<c>put</c>, <c>update</c>, <c>finish</c>) to the spot.orders subscribers.</summary>
    internal void OrderChanged(JsonObject order, string change)
    {
        order["event"] = change;
        order["user"] = long.Parse(FakeGate.UserId, CultureInfo.InvariantCulture);
        Push("spot.orders", new JsonArray(order));
    }

    private long Now => (DateTimeOffset.UtcNow + _options.ClockOffset).ToUnixTimeMilliseconds();

    private void Handle(FakeWebSocketConnection<Connection> connection, string text)
    {
        JsonObject? request;
        try
        {
            request = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            request = null;
        }

        var channel = request?["channel"] is JsonValue c && c.TryGetValue<string>(out var name) ? name : null;
        if (request is null || channel is null)
        {
            connection.Send(Update("", "", null, new JsonObject { ["code"] = 1, ["message"] = "Invalid request body format" }, null).ToJsonString());
            Record(connection, text, channel, null, null, SignatureCheck.NotRequired, null, "1 Invalid request body format");
            return;
        }

        var @event = request["event"] is JsonValue e && e.TryGetValue<string>(out var eventName) ? eventName : "";
        if (@event == "api")
        {
            Api(connection, text, request, channel);
        }
        else if (@event is "subscribe" or "unsubscribe")
        {
            Subscription(connection, text, request, channel, @event);
        }
        else if (channel.EndsWith(".ping", StringComparison.Ordinal))
        {
            connection.Send(Update(channel[..^".ping".Length] + ".pong", "", null, null, null).ToJsonString());
            Record(connection, text, channel, null, null, SignatureCheck.NotRequired, null, null);
        }
        else
        {
            connection.Send(Update(channel, @event, request["id"]?.DeepClone(), new JsonObject { ["code"] = 2, ["message"] = "unknown event" }, null).ToJsonString());
            Record(connection, text, channel, null, null, SignatureCheck.NotRequired, null, "2 unknown event");
        }
    }

    private void Subscription(FakeWebSocketConnection<Connection> connection, string text, JsonObject request, string channel, string @event)
    {
        var id = request["id"]?.DeepClone();
        var payload = request["payload"] as JsonArray;
        string? key = null, signed = null;
        var check = SignatureCheck.NotRequired;
        string? error = null;
        if (PrivateChannels.Contains(channel))
        {
            var auth = request["auth"] as JsonObject;
            key = auth?["KEY"]?.GetValue<string>();
            var time = request["time"] is JsonValue t && t.TryGetValue<long>(out var seconds) ? seconds : -1;
            signed = GateWsSignature.SubscriptionText(channel, @event, time);
            check = auth is null ? SignatureCheck.Missing
                : auth["method"]?.GetValue<string>() == "api_key" && key == _options.ApiKey
                  && GateWsSignature.Verify(_options.Secret, signed, auth["SIGN"]?.GetValue<string>()) ? SignatureCheck.Valid : SignatureCheck.Invalid;
            error = check switch
            {
                SignatureCheck.Missing => "4 {\"label\":\"MISSING_REQUIRED_HEADER\",\"message\":\"missing auth\"}",
                SignatureCheck.Invalid when key != _options.ApiKey => "4 {\"label\":\"INVALID_KEY\",\"message\":\"Invalid key provided\"}",
                SignatureCheck.Invalid => "4 {\"label\":\"INVALID_SIGNATURE\",\"message\":\"Signature mismatch\"}",
                _ when Math.Abs(time - Now / 1000) > WindowSeconds => "4 {\"label\":\"REQUEST_EXPIRED\",\"message\":\"gap between request time and server time exceeds 60\"}",
                _ when channel.StartsWith("futures.", StringComparison.Ordinal) && payload?.FirstOrDefault()?.ToString() != FakeGate.UserId
                    => "2 invalid argument: the first payload item must be your user id",
                _ => null,
            };
        }

        Record(connection, text, channel, id?.ToJsonString(), key, check, signed, error);
        if (error is not null)
        {
            var space = error.IndexOf(' ', StringComparison.Ordinal);
            connection.Send(Update(channel, @event, id, new JsonObject
            {
                ["code"] = int.Parse(error[..space], CultureInfo.InvariantCulture),
                ["message"] = error[(space + 1)..],
            }, null).ToJsonString());
            return;
        }

        var answer = Update(channel, @event, id, null, new JsonObject { ["status"] = "success" });
        if (payload is not null)
        {
            answer["payload"] = payload.DeepClone();
        }

        connection.Send(answer.ToJsonString());
        if (@event == "unsubscribe")
        {
            connection.State.Unsubscribe(channel);
            return;
        }

        connection.State.Subscribe(channel);
        if (channel.EndsWith(".balances", StringComparison.Ordinal))
        {
            connection.Send(Update(channel, "update", null, null, Balances(channel)).ToJsonString());
        }
    }

    private void Api(FakeWebSocketConnection<Connection> connection, string text, JsonObject request, string channel)
    {
        var payload = request["payload"] as JsonObject;
        var requestId = payload?["req_id"]?.DeepClone();
        var parameters = payload?["req_param"];
        var key = payload?["api_key"]?.ToString();
        var signature = payload?["signature"]?.ToString();
        var timestamp = payload?["timestamp"]?.ToString();

        // The raw req_param bytes as received: JsonElement keeps the source text.
        string? rawParameters = null;
        using (var document = JsonDocument.Parse(text))
        {
            if (document.RootElement.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("req_param", out var raw))
            {
                rawParameters = raw.GetRawText();
            }
        }

        string? signed = null;
        SignatureCheck check;
        (int Status, string Label, string Message)? failure = null;
        if (!string.IsNullOrEmpty(signature))
        {
            signed = GateWsSignature.ApiText(channel, rawParameters ?? "", timestamp ?? "");
            check = GateWsSignature.Verify(_options.Secret, signed, signature) && key == _options.ApiKey ? SignatureCheck.Valid : SignatureCheck.Invalid;
            if (key != _options.ApiKey)
            {
                failure = (401, "INVALID_KEY", "Invalid key provided");
            }
            else if (check == SignatureCheck.Invalid)
            {
                failure = (401, "INVALID_SIGNATURE", "Signature mismatch");
            }
            else if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || Math.Abs(seconds - Now / 1000) > WindowSeconds)
            {
                failure = (401, "REQUEST_EXPIRED", "gap between request Timestamp and server time exceeds 60");
            }
        }
        else
        {
            check = connection.State.LoggedIn ? SignatureCheck.NotRequired : SignatureCheck.Missing;
            if (!connection.State.LoggedIn)
            {
                failure = (401, "AUTHENTICATION_FAILED", "Not login");
            }
        }

        var suffix = channel[(channel.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var futures = channel.StartsWith("futures.", StringComparison.Ordinal);
        if (failure is null && suffix != "login" && (futures ? connection.Path != FuturesPath : connection.Path != SpotPath))
        {
            failure = (400, "CHANNEL_NOT_FOUND", "channel not served on this endpoint");
        }

        if (failure is null)
        {
            (int, JsonNode?, string?) result = suffix switch
            {
                "login" => Login(connection),
                "order_place" when futures => PlaceFutures(parameters as JsonObject),
                "order_cancel" when futures => CancelFutures(parameters?["order_id"]?.ToString()),
                "order_place" => Spot(parameters is JsonObject order ? _exchange.PlaceOrder(order) : (400, null, "INVALID_PARAM_VALUE")),
                "order_cancel" => Spot(_exchange.CancelSpotOrder(parameters?["order_id"]?.ToString() ?? "")),
                _ => (400, null, "CHANNEL_NOT_FOUND"),
            };
            if (result.Item1 >= 400)
            {
                failure = (result.Item1, result.Item3!, result.Item3!);
            }
            else
            {
                Record(connection, text, channel, requestId?.ToJsonString(), key, check, signed, null);
                if (suffix == "order_place")
                {
                    // Gate acknowledges an order first ("ack":true, the request echoed), then answers it.
                    var ack = ApiAnswer(channel, requestId, 200, new JsonObject { ["result"] = new JsonObject { ["req_id"] = requestId?.DeepClone(), ["req_param"] = parameters?.DeepClone() } });
                    ack["ack"] = true;
                    connection.Send(ack.ToJsonString());
                }

                connection.Send(ApiAnswer(channel, requestId, 200, new JsonObject { ["result"] = result.Item2 }).ToJsonString());
                return;
            }
        }

        var (status, label, message) = failure.Value;
        Record(connection, text, channel, requestId?.ToJsonString(), key, check, signed, label);
        connection.Send(ApiAnswer(channel, requestId, status, new JsonObject { ["errs"] = new JsonObject { ["label"] = label, ["message"] = message } }).ToJsonString());
    }

    private (int, JsonNode?, string?) Login(FakeWebSocketConnection<Connection> connection)
    {
        connection.State.LoggedIn = true;
        return (200, new JsonObject { ["api_key"] = _options.ApiKey, ["uid"] = FakeGate.UserId }, null);
    }

    private static (int, JsonNode?, string?) Spot((int Status, JsonNode? Answer, string? Label) result) =>
        (result.Status is 200 or 201 ? 200 : result.Status, result.Answer, result.Label);

    private (int, JsonNode?, string?) PlaceFutures(JsonObject? order)
    {
        if (order?["contract"]?.ToString() != "BTC_USDT" || !long.TryParse(order["size"]?.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var size))
        {
            return (400, null, "INVALID_PARAM_VALUE");
        }

        JsonObject placed;
        lock (_futuresLock)
        {
            var id = ++_futuresSequence;
            placed = new JsonObject
            {
                ["id"] = id,
                ["user"] = long.Parse(FakeGate.UserId, CultureInfo.InvariantCulture),
                ["contract"] = "BTC_USDT",
                ["create_time"] = Now / 1000.0,
                ["size"] = size,
                ["left"] = size,
                ["price"] = order["price"]?.ToString() ?? "0",
                ["tif"] = order["tif"]?.ToString() ?? "gtc",
                ["text"] = order["text"]?.ToString() ?? "api",
                ["status"] = "open",
                ["finish_as"] = "_new",
            };
            _futuresOrders[id.ToString(CultureInfo.InvariantCulture)] = placed;
        }

        Push("futures.orders", new JsonArray(placed.DeepClone()));
        return (200, placed.DeepClone(), null);
    }

    private (int, JsonNode?, string?) CancelFutures(string? id)
    {
        JsonObject? order;
        lock (_futuresLock)
        {
            if (id is null || !_futuresOrders.Remove(id, out order))
            {
                return (404, null, "ORDER_NOT_FOUND");
            }

            order["status"] = "finished";
            order["finish_as"] = "cancelled";
        }

        Push("futures.orders", new JsonArray(order.DeepClone()));
        return (200, order.DeepClone(), null);
    }

    private JsonArray Balances(string channel)
    {
        var now = Now;
        if (channel.StartsWith("futures.", StringComparison.Ordinal))
        {
            return new JsonArray(new JsonObject
            {
                ["balance"] = 10000, ["change"] = 0, ["text"] = "-", ["time"] = now / 1000, ["time_ms"] = now, ["type"] = "dnw", ["user"] = FakeGate.UserId,
            });
        }

        var held = _exchange.HeldUsdtNow();
        return new JsonArray(new JsonObject
        {
            ["timestamp"] = (now / 1000).ToString(CultureInfo.InvariantCulture),
            ["timestamp_ms"] = now.ToString(CultureInfo.InvariantCulture),
            ["user"] = FakeGate.UserId,
            ["currency"] = "USDT",
            ["change"] = "0",
            ["total"] = "10000",
            ["available"] = (10000m - held).ToString(CultureInfo.InvariantCulture),
            ["freeze"] = held.ToString(CultureInfo.InvariantCulture),
            ["freeze_change"] = "0",
            ["change_type"] = "snapshot",
        });
    }

    private void Push(string channel, JsonArray result)
    {
        var frame = Update(channel, "update", null, null, result).ToJsonString();
        foreach (var connection in _server.Open)
        {
            if (connection.State.Follows(channel))
            {
                connection.Send(frame);
            }
        }
    }

    /// <summary>A channel frame: <c>{"time","time_ms",["id",]"channel","event","error","result"}</c>.</summary>
    private JsonObject Update(string channel, string @event, JsonNode? id, JsonObject? error, JsonNode? result)
    {
        var now = Now;
        var frame = new JsonObject { ["time"] = now / 1000, ["time_ms"] = now };
        if (id is not null)
        {
            frame["id"] = id;
        }

        frame["channel"] = channel;
        frame["event"] = @event;
        frame["error"] = error;
        frame["result"] = error is null ? result : null;
        return frame;
    }

    /// <summary>A WebSocket API answer: <c>{"request_id","header":{…,"status"},"data":{…}}</c>.</summary>
    private JsonObject ApiAnswer(string channel, JsonNode? requestId, int status, JsonObject data) => new()
    {
        ["request_id"] = requestId?.DeepClone(),
        ["header"] = new JsonObject
        {
            ["response_time"] = Now.ToString(CultureInfo.InvariantCulture),
            ["status"] = status.ToString(CultureInfo.InvariantCulture),
            ["channel"] = channel,
            ["event"] = "api",
            ["client_id"] = "127.0.0.1-0xfake",
            ["conn_id"] = "fakeconn",
            ["trace_id"] = "faketrace",
        },
        ["data"] = data,
    };

    private void Record(FakeWebSocketConnection<Connection> connection, string frame, string? channel, string? id, string? key, SignatureCheck check, string? signed, string? error) =>
        _server.Record(new FakeWebSocketFrame(connection.Id, connection.Path, frame, channel, id, key, check, signed, error));

    /// <summary>One connection's state: logged in with <c>*.login</c>, and the channels it subscribed to (read by pushes from other threads).</summary>
    internal sealed class Connection
    {
        private readonly Lock _gate = new();
        private readonly HashSet<string> _channels = new(StringComparer.Ordinal);

        public bool LoggedIn { get; set; }

        public void Subscribe(string channel)
        {
            lock (_gate)
            {
                _channels.Add(channel);
            }
        }

        public void Unsubscribe(string channel)
        {
            lock (_gate)
            {
                _channels.Remove(channel);
            }
        }

        public bool Follows(string channel)
        {
            lock (_gate)
            {
                return _channels.Contains(channel);
            }
        }
    }
}
