using Sidecar.FakeExchange.Bitfinex.WebSocket;

namespace Sidecar.FakeExchange.Bitfinex;

public sealed class FakeBitfinexOptions : FakeKeyOptions
{
    /// <summary>What <c>POST /v2/auth/r/permissions</c> reports: the <c>withdraw</c> and <c>wallets</c> write flags.</summary>
    public FakeKeyPermissions KeyPermissions { get; init; } = new();
}

/// <summary>
/// A fake Bitfinex API v2 written from docs.bitfinex.com ("REST Authenticated Endpoints", "REST Public Endpoints",
/// "Abbreviations Glossary" error codes). One server plays both api-pub.bitfinex.com (public market data) and
/// api.bitfinex.com (authenticated <c>POST /v2/auth/*</c> with <c>bfx-apikey</c>, <c>bfx-nonce</c> and
/// <c>bfx-signature</c> = hex(HMAC-SHA384(secret, "/api/" + apiPath + nonce + body))). Errors come back as Bitfinex
/// sends them: HTTP 500 with <c>["error",10100,"apikey: invalid"]</c>, <c>["error",10100,"apikey: digest invalid"]</c>
/// or <c>["error",10114,"nonce: small"]</c>. Verifies with its own code (System.Security.Cryptography). Its
/// authenticated WebSocket (<see cref="WebSockets"/>, <c>/ws/2</c>) shares the server, the key, the order book and the
/// key's nonce floor: a nonce must beat every nonce used before, over REST or WebSocket.
/// </summary>
public sealed class FakeBitfinex : FakeExchangeServer
{
    /// <summary>The largest nonce the fake accepts: JavaScript's MAX_SAFE_INTEGER.</summary>
    public const long MaxNonce = 9007199254740991;

    private readonly FakeBitfinexOptions _options;
    private readonly Dictionary<long, JsonArray> _openOrders = [];
    private readonly Lock _lock = new();
    private long _lastNonce;
    private long _orderSequence = 120_000_000_000;

    private FakeBitfinex(FakeBitfinexOptions options)
    {
        _options = options;
        WebSockets = new FakeBitfinexWebSockets(options, this);
    }

    /// <summary>The authenticated WebSocket, <c>/ws/2</c>, on the same server.</summary>
    public FakeBitfinexWebSockets WebSockets { get; }

    public static async Task<FakeBitfinex> StartAsync(FakeBitfinexOptions options)
    {
        FakeKeyOptions.Check(options);
        var fake = new FakeBitfinex(options);
        return await ListenAsync(fake, options.Port);
    }

    private protected override async Task HandleAsync(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest && context.Request.Path == FakeBitfinexWebSockets.Path)
        {
            await WebSockets.HandleAsync(context, Stopping);
            return;
        }

        var request = await FakeRestRequest.ReadAsync(context);
        var (status, answer, check, error) = request.Path.StartsWith("/v2/auth/", StringComparison.Ordinal)
            ? Authenticated(request.Method, request.Path, request.Query, request.Body, request.Headers)
            : Public(request.Method, Uri.UnescapeDataString(request.Path));
        await request.AnswerAsync(Journal, request.Utf8Body, check, status, error, answer.ToJsonString());
    }

    private static (int, JsonNode, SignatureCheck, string?) Public(string method, string path)
    {
        if (method != "GET")
        {
            return Error(500, 10020, "request: error", SignatureCheck.NotRequired);
        }

        if (path == "/v2/platform/status")
        {
            return (200, new JsonArray(1), SignatureCheck.NotRequired, null);
        }

        if (path.StartsWith("/v2/conf/", StringComparison.Ordinal))
        {
            var answer = new JsonArray();
            foreach (var label in path["/v2/conf/".Length..].Split(','))
            {
                answer.Add(Config(label));
            }

            return (200, answer, SignatureCheck.NotRequired, null);
        }

        return Error(404, 10020, "request: unknown", SignatureCheck.NotRequired);
    }

    private static JsonNode Config(string label) => label switch
    {
        // [[PAIR, [_, _, _, MIN_ORDER_SIZE, MAX_ORDER_SIZE, _, _, _, INITIAL_MARGIN, MIN_MARGIN]], …]
        "pub:info:pair" => new JsonArray(
            new JsonArray("BTCUSD", new JsonArray(null, null, null, "0.00004", "2000.0", null, null, null, 0.2, 0.1))),
        "pub:list:pair:margin" => new JsonArray("BTCUSD"),
        _ => new JsonArray(),
    };

    private (int, JsonNode, SignatureCheck, string?) Authenticated(string method, string path, string query, byte[] body, Dictionary<string, string> headers)
    {
        if (method != "POST")
        {
            return Error(500, 10020, "request: error", SignatureCheck.Missing);
        }

        if (!headers.TryGetValue("bfx-apikey", out var apiKey) || apiKey != _options.ApiKey)
        {
            return Error(500, 10100, "apikey: invalid", headers.ContainsKey("bfx-signature") ? SignatureCheck.Invalid : SignatureCheck.Missing);
        }

        if (!headers.TryGetValue("bfx-signature", out var signature) || signature.Length == 0
            || !headers.TryGetValue("bfx-nonce", out var nonceText) || nonceText.Length == 0)
        {
            return Error(500, 10100, "apikey: digest invalid", SignatureCheck.Missing);
        }

        var apiPath = path[1..] + (query.Length > 0 ? "?" + query : "");
        if (!BitfinexSignature.Verify(_options.Secret, apiPath, nonceText, body, signature))
        {
            return Error(500, 10100, "apikey: digest invalid", SignatureCheck.Invalid);
        }

        if (!long.TryParse(nonceText, NumberStyles.None, CultureInfo.InvariantCulture, out var nonce) || nonce > MaxNonce)
        {
            return Error(500, 10114, "nonce: invalid", SignatureCheck.Valid);
        }

        JsonElement request;
        try
        {
            using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            request = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Error(500, 10020, "request: invalid json", SignatureCheck.Valid);
        }

        lock (_lock)
        {
            if (nonce <= _lastNonce)
            {
                return Error(500, 10114, "nonce: small", SignatureCheck.Valid);
            }

            _lastNonce = nonce;
            return path switch
            {
                "/v2/auth/r/wallets" => (200, Wallets(), SignatureCheck.Valid, null),
                // [[SCOPE, READ, WRITE], …] with the scopes the docs list.
                "/v2/auth/r/permissions" => (200, new JsonArray(
                    new JsonArray("account", 1, 0),
                    new JsonArray("history", 1, 0),
                    new JsonArray("orders", 1, 1),
                    new JsonArray("positions", 1, 0),
                    new JsonArray("funding", 1, 0),
                    new JsonArray("settings", 1, 0),
                    new JsonArray("wallets", 1, _options.KeyPermissions.Transfers ? 1 : 0),
                    new JsonArray("withdraw", 0, _options.KeyPermissions.Withdrawals ? 1 : 0)), SignatureCheck.Valid, null),
                "/v2/auth/r/orders" => (200, new JsonArray([.. _openOrders.Values.Select(o => o.DeepClone())]), SignatureCheck.Valid, null),
                "/v2/auth/w/order/submit" => Pushed(Submit(request), "on"),
                "/v2/auth/w/order/cancel" => Pushed(Cancel(request), "oc"),
                _ => Error(500, 10020, "request: unknown", SignatureCheck.Valid),
            };
        }
    }

    /// <summary>
    /// Takes <paramref name="nonce"/> for the key when it beats every nonce used before (REST or WebSocket), as
    /// Bitfinex keeps one floor per key.
    /// </summary>
    internal bool TryUseNonce(long nonce)
    {
        lock (_lock)
        {
            if (nonce <= _lastNonce || nonce > MaxNonce)
            {
                return false;
            }

            _lastNonce = nonce;
            return true;
        }
    }

    /// <summary>The highest nonce accepted so far for the key.</summary>
    public long LastNonce
    {
        get
        {
            lock (_lock)
            {
                return _lastNonce;
            }
        }
    }

    /// <summary>[[WALLET_TYPE, CURRENCY, BALANCE, UNSETTLED_INTEREST, AVAILABLE_BALANCE, LAST_CHANGE, TRADE_DETAILS], …]</summary>
    internal JsonArray Wallets()
    {
        lock (_lock)
        {
            return new JsonArray(
                new JsonArray("exchange", "USD", 10000.0, 0, 10000.0 - HeldUsd(), null, null),
                new JsonArray("exchange", "BTC", 0.5, 0, 0.5, null, null));
        }
    }

    internal JsonArray OpenOrders()
    {
        lock (_lock)
        {
            return new JsonArray([.. _openOrders.Values.Select(o => o.DeepClone())]);
        }
    }

    /// <summary>An order input from the WebSocket (<c>on</c>, <c>oc</c>): the same book and checks as REST; the notification it answers.</summary>
    internal JsonNode SubmitFromWebSocket(JsonElement request)
    {
        lock (_lock)
        {
            return Pushed(Submit(request), "on").Item2;
        }
    }

    internal JsonNode CancelFromWebSocket(JsonElement request)
    {
        lock (_lock)
        {
            return Pushed(Cancel(request), "oc").Item2;
        }
    }

    /// <summary>Tells the authenticated WebSockets about an order placed (<c>on</c>) or cancelled (<c>oc</c>).</summary>
    private (int, JsonNode, SignatureCheck, string?) Pushed((int Status, JsonNode Answer, SignatureCheck Check, string? Error) result, string change)
    {
        if (result.Status == 200 && result.Answer is JsonArray notification && notification[4] is JsonNode data)
        {
            WebSockets.OrderChanged(change, (data is JsonArray list && list.Count > 0 && list[0] is JsonArray first ? first : data).DeepClone());
        }

        return result;
    }

    private (int, JsonNode, SignatureCheck, string?) Submit(JsonElement request)
    {
        var type = request.TryGetProperty("type", out var t) ? t.GetString() : null;
        var symbol = request.TryGetProperty("symbol", out var s) ? s.GetString() : null;
        var amount = request.TryGetProperty("amount", out var a) ? a.ToString() : null;
        var price = request.TryGetProperty("price", out var p) ? p.ToString() : null;
        if (type is null || amount is null || !decimal.TryParse(amount, NumberStyles.Float, CultureInfo.InvariantCulture, out var signedAmount))
        {
            return Error(500, 10020, "amount: invalid", SignatureCheck.Valid);
        }

        if (symbol != "tBTCUSD")
        {
            return Error(500, 10020, "symbol: invalid", SignatureCheck.Valid);
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var id = ++_orderSequence;
        var cid = request.TryGetProperty("cid", out var c) && c.TryGetInt64(out var cidValue) ? cidValue : now;
        var priceValue = decimal.Parse(price ?? "0", NumberStyles.Float, CultureInfo.InvariantCulture);

        // [ID, GID, CID, SYMBOL, MTS_CREATE, MTS_UPDATE, AMOUNT, AMOUNT_ORIG, TYPE, TYPE_PREV, MTS_TIF, _, FLAGS,
        //  STATUS, _, _, PRICE, PRICE_AVG, PRICE_TRAILING, PRICE_AUX_LIMIT, _, _, _, NOTIFY, HIDDEN, PLACED_ID, …]
        var order = new JsonArray(id, null, cid, symbol, now, now, signedAmount, signedAmount, type, null, null, null, 0,
            "ACTIVE", null, null, priceValue, 0, 0, 0, null, null, null, 0, 0, null, null, null, "API>BFX", null, null, null);
        _openOrders[id] = order;
        return (200, Notification(now, "on-req", new JsonArray(order.DeepClone()), $"Submitting 1 orders."), SignatureCheck.Valid, null);
    }

    private (int, JsonNode, SignatureCheck, string?) Cancel(JsonElement request)
    {
        if (!request.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out var id) || !_openOrders.Remove(id, out var order))
        {
            return Error(500, 10001, "Order not found.", SignatureCheck.Valid);
        }

        order[13] = "CANCELED";
        return (200, Notification(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "oc-req", order, $"Submitted for cancellation; waiting for confirmation (ID: {id})."), SignatureCheck.Valid, null);
    }

    private double HeldUsd()
    {
        var held = 0m;
        foreach (var order in _openOrders.Values)
        {
            held += order[6]!.GetValue<decimal>() * order[16]!.GetValue<decimal>();
        }

        return (double)held;
    }

    /// <summary>[MTS, TYPE, MESSAGE_ID, _, DATA, CODE, STATUS, TEXT]</summary>
    private static JsonArray Notification(long mts, string type, JsonNode data, string text) =>
        new(mts, type, null, null, data, null, "SUCCESS", text);

    private static (int, JsonNode, SignatureCheck, string?) Error(int status, int code, string message, SignatureCheck check) =>
        (status, new JsonArray("error", code, message), check, code.ToString(CultureInfo.InvariantCulture) + " " + message);
}

/// <summary>Bitfinex's bfx-signature, from the docs: hex(HMAC-SHA384(secret, `/api/${apiPath}${nonce}${body}`)).</summary>
internal static class BitfinexSignature
{
    public static bool Verify(byte[] secret, string apiPath, string nonce, byte[] body, string signature)
    {
        byte[] received;
        try
        {
            received = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        return signature.Length == 96 && signature.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'))
            && CryptographicOperations.FixedTimeEquals(Compute(secret, apiPath, nonce, body), received);
    }

    public static byte[] Compute(byte[] secret, string apiPath, string nonce, byte[] body)
    {
        byte[] message = [.. Encoding.ASCII.GetBytes("/api/" + apiPath + nonce), .. body];
        return HMACSHA384.HashData(secret, message);
    }
}
