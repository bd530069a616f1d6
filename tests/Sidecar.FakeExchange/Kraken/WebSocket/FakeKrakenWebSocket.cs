using Sidecar.FakeExchange.Http;

namespace Sidecar.FakeExchange.Kraken.WebSocket;

/// <summary>One request frame the fake's Kraken WebSocket received, and what it answered.</summary>
/// <param name="Method">The <c>method</c>, or null when the frame had none.</param>
/// <param name="ReqId">The <c>req_id</c>, when an integer.</param>
/// <param name="Token"><c>params.token</c> as received, if any.</param>
/// <param name="TokenCheck">Valid: a token <c>GetWebSocketsToken</c> minted, still live; Invalid: any other token;
/// Missing: a private method without one; NotRequired: a public request.</param>
/// <param name="Success">What <c>success</c> said.</param>
/// <param name="Error">The error answered, or null.</param>
/// <param name="Frame">The frame as received.</param>
public sealed record KrakenWebSocketFrame(string? Method, long? ReqId, string? Token, SignatureCheck TokenCheck, bool Success, string? Error, string Frame);

/// <summary>
/// The fake Kraken's Spot WebSocket v2 (<c>ws://…/v2</c>, for <c>wss://ws-auth.kraken.com/v2</c>), written from
/// docs.kraken.com (spot-websocket-v2: add_order, cancel_order, cancel_all, balances, executions, ping): requests
/// <c>{"method","params","req_id"}</c>; private ones need <c>params.token</c>, a token <c>GetWebSocketsToken</c> minted
/// in the last 15 minutes (else <c>ESession:Invalid session</c>). Answers <c>{"method","req_id","result","success",
/// "time_in","time_out"}</c> or <c>{"error",…,"success":false}</c>. After a <c>balances</c> subscribe it sends the balance
/// snapshot; <c>executions</c> subscribers get the open orders (<c>snap_orders</c>), then an update for every order placed
/// or cancelled, over WebSocket or REST (the book is the REST API's).
/// </summary>
public sealed class FakeKrakenWebSocket
{
    public const string Path = "/v2";

    private static readonly HashSet<string> PrivateChannels = new(StringComparer.Ordinal) { "balances", "executions", "level3" };

    private readonly FakeKraken _exchange;
    private readonly RequestJournal<KrakenWebSocketFrame> _journal = new();
    private readonly FakeWebSocketSubscribers _executions = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _connections;
    private long _sequence;

    internal FakeKrakenWebSocket(FakeKraken exchange) => _exchange = exchange;

    /// <summary>Every request frame received so far, in order.</summary>
    public IReadOnlyList<KrakenWebSocketFrame> Frames => _journal.Snapshot();

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    internal void Stop() => _stopping.Cancel();

    internal async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _connections);
        var peer = new FakeWebSocketPeer();
        peer.Send(new JsonObject
        {
            ["channel"] = "status",
            ["type"] = "update",
            ["data"] = new JsonArray(new JsonObject { ["api_version"] = "v2", ["connection_id"] = Random.Shared.NextInt64(1, long.MaxValue), ["system"] = "online", ["version"] = "2.0.10" }),
        });
        try
        {
            await peer.RunAsync(context, text => Handle(peer, text), _stopping.Token);
        }
        finally
        {
            _executions.Remove(peer);
        }
    }

    /// <summary>An order was placed or cancelled (over either API): an <c>executions</c> update to every subscriber.</summary>
    internal void OrderChanged(string txid, JsonObject order, bool canceled) =>
        _executions.Send(() => Executions("update", [Execution(txid, order, canceled ? "canceled" : "new")]));

    private void Handle(FakeWebSocketPeer peer, string text)
    {
        var timeIn = Now();
        JsonObject? request;
        try
        {
            request = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            request = null;
        }

        var method = request?["method"] is JsonValue m && m.TryGetValue(out string? name) ? name : null;
        long? reqId = request?["req_id"] is JsonValue r && r.TryGetValue(out long id) ? id : null;
        var parameters = request?["params"] as JsonObject ?? [];
        var token = parameters["token"] is JsonValue t && t.TryGetValue(out string? sent) ? sent : null;
        var needsToken = method is not ("ping" or null) && (method is not ("subscribe" or "unsubscribe") || PrivateChannels.Contains(Text(parameters, "channel") ?? ""));
        var check = !needsToken ? SignatureCheck.NotRequired
            : token is null ? SignatureCheck.Missing
            : _exchange.IsLiveWebSocketToken(token) ? SignatureCheck.Valid : SignatureCheck.Invalid;

        (JsonNode? Result, string? Error) outcome = request is null || method is null ? (null, "EGeneral:Invalid arguments")
            : check is SignatureCheck.Missing or SignatureCheck.Invalid ? (null, "ESession:Invalid session")
            : Dispatch(peer, method, reqId, parameters);
        _journal.Add(new KrakenWebSocketFrame(method, reqId, token, check, outcome.Error is null, outcome.Error, text));

        if (method == "ping" && outcome.Error is null)
        {
            peer.Send(new JsonObject { ["method"] = "pong", ["req_id"] = reqId, ["time_in"] = timeIn, ["time_out"] = Now() });
            return;
        }

        var answer = new JsonObject();
        if (outcome.Error is { } error)
        {
            answer["error"] = error;
        }

        answer["method"] = method;
        if (reqId is not null)
        {
            answer["req_id"] = reqId;
        }

        if (outcome.Result is not null)
        {
            answer["result"] = outcome.Result;
        }

        answer["success"] = outcome.Error is null;
        answer["time_in"] = timeIn;
        answer["time_out"] = Now();
        peer.Send(answer);
        if (outcome.Error is null && method == "subscribe")
        {
            AfterSubscribe(peer, parameters);
        }
    }

    private (JsonNode? Result, string? Error) Dispatch(FakeWebSocketPeer peer, string method, long? reqId, JsonObject parameters)
    {
        switch (method)
        {
            case "ping":
                return (null, null);
            case "subscribe" or "unsubscribe":
                var channel = Text(parameters, "channel");
                if (channel is not ("balances" or "executions"))
                {
                    return (null, "EGeneral:Invalid arguments:channel");
                }

                if (method == "unsubscribe" && channel == "executions")
                {
                    _executions.Remove(peer);
                }

                return (new JsonObject { ["channel"] = channel }, null);
            case "add_order":
                return AddOrder(parameters);
            case "cancel_order":
                return CancelOrder(parameters);
            case "cancel_all":
                var count = 0;
                foreach (var (txid, _) in _exchange.OpenOrders())
                {
                    count += _exchange.Cancel(txid) ? 1 : 0;
                }

                return (new JsonObject { ["count"] = count }, null);
            default:
                return (null, "EGeneral:Invalid arguments:method");
        }
    }

    private (JsonNode?, string?) AddOrder(JsonObject parameters)
    {
        if (Text(parameters, "symbol") != "BTC/USD")
        {
            return (null, "EQuery:Unknown asset pair");
        }

        var side = Text(parameters, "side");
        var type = Text(parameters, "order_type");
        var quantity = Number(parameters, "order_qty");
        var price = Number(parameters, "limit_price");
        if (side is not ("buy" or "sell") || type != "limit" || quantity is not > 0 || price is not > 0)
        {
            return (null, "EGeneral:Invalid arguments");
        }

        var (txid, _) = _exchange.Place(side, type, Invariant(quantity.Value), Invariant(price.Value));
        return (new JsonObject { ["order_id"] = txid }, null);
    }

    private (JsonNode?, string?) CancelOrder(JsonObject parameters)
    {
        if (parameters["order_id"] is not JsonArray ids || ids.Count == 0)
        {
            return (null, "EGeneral:Invalid arguments:order_id");
        }

        foreach (var id in ids)
        {
            if (id is not JsonValue value || !value.TryGetValue(out string? txid) || !_exchange.Cancel(txid))
            {
                return (null, "EOrder:Unknown order");
            }
        }

        return (new JsonObject { ["order_id"] = ids[0]!.DeepClone() }, null);
    }

    /// <summary>What a subscribe sends after its answer: the balance snapshot, or the open orders (and later updates).</summary>
    private void AfterSubscribe(FakeWebSocketPeer peer, JsonObject parameters)
    {
        if (Text(parameters, "channel") == "balances")
        {
            peer.Send(new JsonObject
            {
                ["channel"] = "balances",
                ["type"] = "snapshot",
                ["data"] = new JsonArray(Balance("USD", 10000m), Balance("BTC", 0.5m)),
                ["sequence"] = Interlocked.Increment(ref _sequence),
            });
            return;
        }

        _executions.Add(peer);
        if (parameters["snap_orders"] is JsonValue snap && snap.TryGetValue(out bool wanted) && wanted)
        {
            peer.Send(Executions("snapshot", [.. _exchange.OpenOrders().Select(o => Execution(o.Txid, o.Order, "new"))]));
        }
    }

    private JsonObject Executions(string type, JsonNode[] data) => new()
    {
        ["channel"] = "executions",
        ["type"] = type,
        ["data"] = new JsonArray(data),
        ["sequence"] = Interlocked.Increment(ref _sequence),
    };

    /// <summary>An order as the executions channel reports it (exec_type new or canceled).</summary>
    private static JsonObject Execution(string txid, JsonObject order, string status)
    {
        var description = order["descr"]!;
        return new JsonObject
        {
            ["order_id"] = txid,
            ["symbol"] = "BTC/USD",
            ["order_qty"] = decimal.Parse(order["vol"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            ["cum_cost"] = 0,
            ["time_in_force"] = "GTC",
            ["exec_type"] = status,
            ["side"] = description["type"]!.GetValue<string>(),
            ["order_type"] = description["ordertype"]!.GetValue<string>(),
            ["limit_price_type"] = "static",
            ["limit_price"] = decimal.Parse(description["price"]?.GetValue<string>() ?? "0", CultureInfo.InvariantCulture),
            ["order_status"] = status,
            ["timestamp"] = Now(),
        };
    }

    private static JsonObject Balance(string asset, decimal balance) => new()
    {
        ["asset"] = asset,
        ["asset_class"] = "currency",
        ["balance"] = balance,
        ["wallets"] = new JsonArray(new JsonObject { ["type"] = "spot", ["id"] = "main", ["balance"] = balance }),
    };

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static decimal? Number(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue(out decimal d) ? d : null;

    private static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 with microseconds, as Kraken writes time_in and time_out.</summary>
    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
