using Sidecar.FakeExchange.Gate.WebSocket;

namespace Sidecar.FakeExchange.Gate;

public sealed class FakeGateOptions : FakeKeyOptions
{
    /// <summary>Added to the system clock (Gate refuses a Timestamp more than 60 s away from its own).</summary>
    public TimeSpan ClockOffset { get; init; }
}

/// <summary>
/// A fake Gate API v4 (spot) written from gate.com/docs/developers/apiv4 ("APIv4 signed request requirements",
/// "API Signature string generation", "Error Handling"): public market data under <c>/api/v4</c>, private calls
/// with headers <c>KEY</c>, <c>Timestamp</c> (seconds, within 60 s) and <c>SIGN</c> = hex(HMAC-SHA512(secret,
/// METHOD\n/api/v4/path\nquery-without-URL-encoding\nhex(SHA512(body))\nTimestamp)). Errors come back as Gate
/// sends them: HTTP 401 with <c>{"label":"INVALID_KEY"|"INVALID_SIGNATURE"|"REQUEST_EXPIRED"|
/// "MISSING_REQUIRED_HEADER","message":…}</c>. Verifies with its own code (System.Security.Cryptography). Its
/// WebSockets (<see cref="WebSockets"/>) share the server, the key and the order book.
/// </summary>
public sealed class FakeGate : FakeExchangeServer
{
    /// <summary>The account's user id (<c>GET /api/v4/account/detail</c>), which futures subscriptions name.</summary>
    public const string UserId = "10406147";

    private readonly FakeGateOptions _options;
    private readonly Dictionary<string, JsonObject> _openOrders = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _orderSequence = 390_000_000_000;

    private FakeGate(FakeGateOptions options)
    {
        _options = options;
        WebSockets = new FakeGateWebSockets(options, this);
    }

    /// <summary>The spot (<c>/ws/v4/</c>) and USDT futures (<c>/v4/ws/usdt</c>) WebSockets on the same server.</summary>
    public FakeGateWebSockets WebSockets { get; }

    public static async Task<FakeGate> StartAsync(FakeGateOptions options)
    {
        FakeKeyOptions.Check(options);
        var fake = new FakeGate(options);
        return await ListenAsync(fake, options.Port);
    }

    private protected override async Task HandleAsync(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest && FakeGateWebSockets.Serves(context.Request.Path))
        {
            await WebSockets.HandleAsync(context, Stopping);
            return;
        }

        var request = await FakeRestRequest.ReadAsync(context);
        var (status, answer, check, error) = IsPublic(request.Method, request.Path)
            ? Public(request.Path)
            : Private(request.Method, request.Path, request.Query, request.Body, request.Headers);
        await request.AnswerAsync(Journal, request.Utf8Body, check, status, error, answer?.ToJsonString() ?? "");
    }

    private static bool IsPublic(string method, string path) =>
        method == "GET" && path is "/api/v4/spot/currency_pairs" or "/api/v4/margin/currency_pairs" or "/api/v4/spot/currencies" or "/api/v4/spot/time";

    private (int, JsonNode?, SignatureCheck, string?) Public(string path) => path switch
    {
        "/api/v4/spot/currency_pairs" => (200, new JsonArray(new JsonObject
        {
            ["id"] = "BTC_USDT",
            ["base"] = "BTC",
            ["base_name"] = "Bitcoin",
            ["quote"] = "USDT",
            ["quote_name"] = "Tether",
            ["fee"] = "0.2",
            ["min_base_amount"] = "0.0001",
            ["min_quote_amount"] = "3",
            ["max_base_amount"] = "10000",
            ["max_quote_amount"] = "5000000",
            ["amount_precision"] = 4,
            ["precision"] = 1,
            ["trade_status"] = "tradable",
            ["sell_start"] = 1516378650,
            ["buy_start"] = 1516378650,
            ["delisting_time"] = 0,
        }), SignatureCheck.NotRequired, null),
        "/api/v4/margin/currency_pairs" => (200, new JsonArray(), SignatureCheck.NotRequired, null),
        "/api/v4/spot/currencies" => (200, new JsonArray(
            new JsonObject { ["currency"] = "BTC", ["name"] = "Bitcoin", ["delisted"] = false, ["withdraw_disabled"] = false, ["withdraw_delayed"] = false, ["deposit_disabled"] = false, ["trade_disabled"] = false, ["chain"] = "BTC" },
            new JsonObject { ["currency"] = "USDT", ["name"] = "Tether", ["delisted"] = false, ["withdraw_disabled"] = false, ["withdraw_delayed"] = false, ["deposit_disabled"] = false, ["trade_disabled"] = false, ["chain"] = "ETH" }),
            SignatureCheck.NotRequired, null),
        _ => (200, new JsonObject { ["server_time"] = (DateTimeOffset.UtcNow + _options.ClockOffset).ToUnixTimeMilliseconds() }, SignatureCheck.NotRequired, null),
    };

    private (int, JsonNode?, SignatureCheck, string?) Private(string method, string path, string query, byte[] body, Dictionary<string, string> headers)
    {
        if (!headers.TryGetValue("key", out var key) || !headers.TryGetValue("timestamp", out var timestamp) || !headers.TryGetValue("sign", out var sign)
            || key.Length == 0 || timestamp.Length == 0 || sign.Length == 0)
        {
            return Error(401, "MISSING_REQUIRED_HEADER", "Missing required authentication header", SignatureCheck.Missing);
        }

        if (key != _options.ApiKey)
        {
            return Error(401, "INVALID_KEY", "Invalid key provided", SignatureCheck.Invalid);
        }

        if (!GateSignature.Verify(_options.Secret, method, path, query, body, timestamp, sign))
        {
            return Error(401, "INVALID_SIGNATURE", "Signature mismatch", SignatureCheck.Invalid);
        }

        var now = DateTimeOffset.UtcNow + _options.ClockOffset;
        if (!double.TryParse(timestamp, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(seconds - now.ToUnixTimeMilliseconds() / 1000.0) > 60)
        {
            return Error(401, "REQUEST_EXPIRED", "gap between request Timestamp and server time exceeds 60", SignatureCheck.Valid);
        }

        lock (_lock)
        {
            return (method, path) switch
            {
                ("GET", "/api/v4/account/detail") => Ok(new JsonObject
                {
                    ["user_id"] = long.Parse(UserId, CultureInfo.InvariantCulture),
                    ["ip_whitelist"] = new JsonArray(),
                    ["currency_pairs"] = new JsonArray(),
                    ["key"] = new JsonObject { ["mode"] = 1 },
                    ["tier"] = 0,
                }),
                ("GET", "/api/v4/spot/accounts") => Ok(new JsonArray(
                    new JsonObject { ["currency"] = "USDT", ["available"] = (10000m - HeldUsdt()).ToString(CultureInfo.InvariantCulture), ["locked"] = HeldUsdt().ToString(CultureInfo.InvariantCulture) },
                    new JsonObject { ["currency"] = "BTC", ["available"] = "0.5", ["locked"] = "0" })),
                // "List all open orders": open orders grouped by currency pair.
                ("GET", "/api/v4/spot/open_orders") => Ok(_openOrders.Count == 0 ? new JsonArray() : new JsonArray(new JsonObject
                {
                    ["currency_pair"] = "BTC_USDT",
                    ["total"] = _openOrders.Count,
                    ["orders"] = new JsonArray([.. _openOrders.Values.Select(o => o.DeepClone())]),
                })),
                ("GET", "/api/v4/spot/orders") => Ok(new JsonArray([.. _openOrders.Values.Select(o => o.DeepClone())])),
                ("POST", "/api/v4/spot/orders") => Pushed(CreateOrder(body), 201, "put"),
                ("DELETE", _) when path.StartsWith("/api/v4/spot/orders/", StringComparison.Ordinal) => Pushed(CancelOrder(path["/api/v4/spot/orders/".Length..]), 200, "finish"),
                _ => Error(404, "NOT_FOUND", "Request URL not exists", SignatureCheck.Valid),
            };
        }
    }

    /// <summary>The spot order book's held USDT, for the WebSockets' balance pushes.</summary>
    internal decimal HeldUsdtNow()
    {
        lock (_lock)
        {
            return HeldUsdt();
        }
    }

    /// <summary>Places a spot order from its JSON (the REST body, or a WebSocket API <c>req_param</c>).</summary>
    internal (int Status, JsonNode? Answer, string? Label) PlaceOrder(JsonObject request)
    {
        lock (_lock)
        {
            var (status, answer, _, label) = Pushed(CreateOrder(request), 201, "put");
            return (status, answer?.DeepClone(), label);
        }
    }

    /// <summary>Cancels a spot order by id, as <c>DELETE /api/v4/spot/orders/{id}</c>.</summary>
    internal (int Status, JsonNode? Answer, string? Label) CancelSpotOrder(string id)
    {
        lock (_lock)
        {
            var (status, answer, _, label) = Pushed(CancelOrder(id), 200, "finish");
            return (status, answer?.DeepClone(), label);
        }
    }

    /// <summary>Tells the WebSockets' <c>spot.orders</c> subscribers about an order placed or finished (over REST or WebSocket).</summary>
    private (int, JsonNode?, SignatureCheck, string?) Pushed((int Status, JsonNode? Answer, SignatureCheck Check, string? Label) result, int success, string change)
    {
        if (result.Status == success && result.Answer is JsonObject order)
        {
            WebSockets.OrderChanged((JsonObject)order.DeepClone(), change);
        }

        return result;
    }

    private (int, JsonNode?, SignatureCheck, string?) CreateOrder(byte[] body)
    {
        JsonObject request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            return Error(400, "INVALID_REQUEST_BODY", "Invalid request body", SignatureCheck.Valid);
        }

        return CreateOrder(request);
    }

    private (int, JsonNode?, SignatureCheck, string?) CreateOrder(JsonObject request)
    {
        if (request["currency_pair"]?.GetValue<string>() != "BTC_USDT")
        {
            return Error(400, "INVALID_CURRENCY_PAIR", "Invalid currency pair", SignatureCheck.Valid);
        }

        var amount = request["amount"]?.ToString();
        var price = request["price"]?.ToString();
        if (amount is null || price is null)
        {
            return Error(400, "MISSING_REQUIRED_PARAM", "Missing required parameter: amount or price", SignatureCheck.Valid);
        }

        var now = DateTimeOffset.UtcNow;
        var id = (++_orderSequence).ToString(CultureInfo.InvariantCulture);
        var order = new JsonObject
        {
            ["id"] = id,
            ["text"] = request["text"]?.GetValue<string>() ?? "apiv4",
            ["amend_text"] = "-",
            ["create_time"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["update_time"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["create_time_ms"] = now.ToUnixTimeMilliseconds(),
            ["update_time_ms"] = now.ToUnixTimeMilliseconds(),
            ["status"] = "open",
            ["currency_pair"] = "BTC_USDT",
            ["type"] = request["type"]?.GetValue<string>() ?? "limit",
            ["account"] = request["account"]?.GetValue<string>() ?? "spot",
            ["side"] = request["side"]?.GetValue<string>() ?? "buy",
            ["amount"] = amount,
            ["price"] = price,
            ["time_in_force"] = request["time_in_force"]?.GetValue<string>() ?? "gtc",
            ["iceberg"] = "0",
            ["left"] = amount,
            ["filled_amount"] = "0",
            ["fill_price"] = "0",
            ["filled_total"] = "0",
            ["fee"] = "0",
            ["fee_currency"] = "BTC",
            ["point_fee"] = "0",
            ["gt_fee"] = "0",
            ["gt_discount"] = false,
            ["rebated_fee"] = "0",
            ["rebated_fee_currency"] = "USDT",
            ["finish_as"] = "open",
        };
        _openOrders[id] = order;
        return (201, order.DeepClone(), SignatureCheck.Valid, null);
    }

    private (int, JsonNode?, SignatureCheck, string?) CancelOrder(string id)
    {
        if (!_openOrders.Remove(id, out var order))
        {
            return Error(404, "ORDER_NOT_FOUND", "Order not found", SignatureCheck.Valid);
        }

        order["status"] = "cancelled";
        order["finish_as"] = "cancelled";
        return Ok(order);
    }

    private decimal HeldUsdt()
    {
        var held = 0m;
        foreach (var order in _openOrders.Values)
        {
            held += decimal.Parse(order["left"]!.GetValue<string>(), CultureInfo.InvariantCulture) * decimal.Parse(order["price"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        }

        return held;
    }

    private static (int, JsonNode?, SignatureCheck, string?) Ok(JsonNode answer) => (200, answer, SignatureCheck.Valid, null);

    private static (int, JsonNode?, SignatureCheck, string?) Error(int status, string label, string message, SignatureCheck check) =>
        (status, new JsonObject { ["label"] = label, ["message"] = message }, check, label);
}

/// <summary>Gate's SIGN, from the docs: hex(HMAC-SHA512(secret, METHOD\nURL\nquery\nhex(SHA512(payload))\nTimestamp)).</summary>
internal static class GateSignature
{
    public static bool Verify(byte[] secret, string method, string path, string rawQuery, byte[] body, string timestamp, string sign)
    {
        byte[] received;
        try
        {
            received = Convert.FromHexString(sign);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Compute(secret, method, path, rawQuery, body, timestamp), received);
    }

    /// <summary>The query is signed "without URL encode" (the docs), i.e. as Gate's SDK does: unquote_plus(query).</summary>
    public static byte[] Compute(byte[] secret, string method, string path, string rawQuery, byte[] body, string timestamp)
    {
        var query = Uri.UnescapeDataString(rawQuery.Replace('+', ' '));
        var payloadHash = Convert.ToHexStringLower(SHA512.HashData(body));
        return HMACSHA512.HashData(secret, Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()}\n{path}\n{query}\n{payloadHash}\n{timestamp}"));
    }
}
