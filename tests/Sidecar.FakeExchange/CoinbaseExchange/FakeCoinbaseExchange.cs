using System.Collections.Concurrent;
using Sidecar.FakeExchange.Coinbase.WebSocket;
using Sidecar.FakeExchange.CoinbaseExchange.WebSocket;

namespace Sidecar.FakeExchange.CoinbaseExchange;

/// <summary>
/// A fake Coinbase Exchange (api.exchange.coinbase.com) written from its REST docs: public products, currencies and
/// time; private accounts and orders behind <c>CB-ACCESS-KEY</c> / <c>-SIGN</c> / <c>-TIMESTAMP</c> /
/// <c>-PASSPHRASE</c>, checked with its own code. Errors use the exchange's <c>{"message": …}</c> shape. A WebSocket
/// upgrade on any path opens the feed (<see cref="ExchangeFeed"/>), whose <c>user</c> channel reports the orders
/// placed over REST. Listens on 127.0.0.1 only and records every request and feed message.
/// </summary>
public sealed class FakeCoinbaseExchange : FakeExchangeServer
{
    /// <summary>"Your timestamp must be within 30 seconds of the API service time."</summary>
    public static readonly TimeSpan TimestampWindow = TimeSpan.FromSeconds(30);

    private readonly FakeCoinbaseExchangeOptions _options;
    private readonly ConcurrentDictionary<string, JsonObject> _openOrders = new();
    private readonly ExchangeFeed _feed;

    private FakeCoinbaseExchange(FakeCoinbaseExchangeOptions options)
    {
        _options = options;
        _feed = new ExchangeFeed(options, () => _openOrders.Values.OrderBy(o => o["created_at"]!.GetValue<string>(), StringComparer.Ordinal));
    }

    /// <summary>The feed's address: ws://127.0.0.1:{port} (the same server).</summary>
    public Uri WebSocketAddress => new($"ws://127.0.0.1:{BaseAddress.Port}");

    /// <summary>Every message the WebSocket feed received, in arrival order.</summary>
    public IReadOnlyList<RecordedFeedMessage> FeedMessages => _feed.Messages;

    /// <summary>Every WebSocket connection the feed accepted.</summary>
    public IReadOnlyList<FeedConnectionInfo> FeedConnections => _feed.Connections;

    public static async Task<FakeCoinbaseExchange> StartAsync(FakeCoinbaseExchangeOptions options)
    {
        FakeKeyOptions.Check(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Passphrase);
        var fake = new FakeCoinbaseExchange(options);
        return await ListenAsync(fake, options.Port);
    }

    private protected override void OnStopping() => _feed.Stop();

    private protected override async Task HandleAsync(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            await _feed.HandleAsync(context);
            return;
        }

        var request = await FakeRestRequest.ReadAsync(context);
        var (method, path, query, body, headers) = (request.Method, request.Path, request.Query, request.ReaderBody, request.Headers);

        var check = SignatureCheck.NotRequired;
        var (status, answer, error) = Public(method, path);
        if (status == 0)
        {
            (check, status, error) = Authenticate(method, path, query, body, headers);
            (status, answer, error) = status == 200 ? Private(method, path, body) : (status, Error(error!), error);
        }

        await request.AnswerAsync(Journal, body, check, status, error, answer.ToJsonString(), "application/json; charset=utf-8");
    }

    private static (int Status, JsonNode Answer, string? Error) Public(string method, string path) => (method, path) switch
    {
        ("GET", "/time") => (200, new JsonObject
        {
            ["iso"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["epoch"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
        }, null),
        ("GET", "/currencies") => (200, new JsonArray(Currency("BTC", "Bitcoin", "crypto", "0.00000001"), Currency("USD", "United States Dollar", "fiat", "0.01")), null),
        ("GET", "/products") => (200, new JsonArray(Product()), null),
        ("GET", "/products/BTC-USD") => (200, Product(), null),
        _ when path == "/time" || path == "/currencies" || path.StartsWith("/products", StringComparison.Ordinal) => (404, Error("NotFound"), "NotFound"),
        _ => (0, null!, null),
    };

    private (SignatureCheck Check, int Status, string? Error) Authenticate(string method, string path, string query, string body, Dictionary<string, string> headers)
    {
        headers.TryGetValue("cb-access-key", out var key);
        headers.TryGetValue("cb-access-sign", out var signature);
        headers.TryGetValue("cb-access-timestamp", out var timestamp);
        headers.TryGetValue("cb-access-passphrase", out var passphrase);
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp) || passphrase is null)
        {
            return (SignatureCheck.Missing, 400, "CB-ACCESS-KEY, CB-ACCESS-SIGN, CB-ACCESS-TIMESTAMP and CB-ACCESS-PASSPHRASE are required");
        }

        if (!string.Equals(key, _options.ApiKey, StringComparison.Ordinal))
        {
            return (SignatureCheck.NotRequired, 401, "Invalid API Key");
        }

        // "Decimal values are allowed."
        if (!decimal.TryParse(timestamp, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs((decimal)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000m - seconds) > (decimal)TimestampWindow.TotalSeconds)
        {
            return (SignatureCheck.NotRequired, 400, "request timestamp expired");
        }

        var requestPath = query.Length > 0 ? path + "?" + query : path;
        if (!CoinbaseExchangeSignature.Verify(_options.Secret, timestamp, method, requestPath, body, signature))
        {
            return (SignatureCheck.Invalid, 401, "invalid signature");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(passphrase), Encoding.UTF8.GetBytes(_options.Passphrase)))
        {
            return (SignatureCheck.Valid, 401, "Invalid Passphrase");
        }

        return (SignatureCheck.Valid, 200, null);
    }

    private (int Status, JsonNode Answer, string? Error) Private(string method, string path, string body)
    {
        if (method == "GET" && path == "/accounts")
        {
            return (200, new JsonArray(Account("BTC", "1.0000000000000000"), Account("USD", "100000.0000000000000000")), null);
        }

        if (method == "GET" && path == "/orders")
        {
            return (200, new JsonArray([.. _openOrders.Values.Select(o => o.DeepClone())]), null);
        }

        if (method == "POST" && path == "/orders")
        {
            return PlaceOrder(body);
        }

        if (method == "DELETE" && path.StartsWith("/orders/", StringComparison.Ordinal))
        {
            var id = path["/orders/".Length..];
            return _openOrders.TryRemove(id, out _) ? (200, JsonValue.Create(id)!, null) : (404, Error("order not found"), "order not found");
        }

        return (404, Error("NotFound"), "NotFound");
    }

    private (int Status, JsonNode Answer, string? Error) PlaceOrder(string body)
    {
        JsonObject? request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            request = null;
        }

        if (request is null
            || request["product_id"]?.GetValue<string>() != "BTC-USD"
            || request["type"]?.GetValue<string>() != "limit"
            || request["side"]?.GetValue<string>() is not ("buy" or "sell")
            || !decimal.TryParse(request["price"]?.GetValue<string>(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price)
            || !decimal.TryParse(request["size"]?.GetValue<string>(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var size)
            || price <= 0 || size <= 0)
        {
            return (400, Error("Invalid order: a limit order needs product_id BTC-USD, side, price and size"), "invalid order");
        }

        var id = Guid.NewGuid().ToString();
        var order = new JsonObject
        {
            ["id"] = id,
            ["price"] = price.ToString("0.00000000", CultureInfo.InvariantCulture),
            ["size"] = size.ToString("0.00000000", CultureInfo.InvariantCulture),
            ["product_id"] = "BTC-USD",
            ["side"] = request["side"]!.GetValue<string>(),
            ["stp"] = "dc",
            ["type"] = "limit",
            ["time_in_force"] = "GTC",
            ["post_only"] = false,
            ["created_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["fill_fees"] = "0.0000000000000000",
            ["filled_size"] = "0.00000000",
            ["executed_value"] = "0.0000000000000000",
            ["status"] = "pending",
            ["settled"] = false,
        };
        if (request["client_oid"] is { } clientOid)
        {
            order["client_oid"] = clientOid.DeepClone();
        }

        _openOrders[id] = order;
        return (200, order.DeepClone(), null);
    }

    private static JsonObject Error(string message) => new() { ["message"] = message };

    private static JsonObject Currency(string id, string name, string type, string minSize) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["min_size"] = minSize,
        ["status"] = "online",
        ["message"] = "",
        ["max_precision"] = minSize,
        ["convertible_to"] = new JsonArray(),
        ["details"] = new JsonObject { ["type"] = type, ["symbol"] = null, ["sort_order"] = 0 },
    };

    private static JsonObject Product() => new()
    {
        ["id"] = "BTC-USD",
        ["base_currency"] = "BTC",
        ["quote_currency"] = "USD",
        ["quote_increment"] = "0.01",
        ["base_increment"] = "0.00000001",
        ["display_name"] = "BTC/USD",
        ["min_market_funds"] = "1",
        ["margin_enabled"] = false,
        ["post_only"] = false,
        ["limit_only"] = false,
        ["cancel_only"] = false,
        ["status"] = "online",
        ["status_message"] = "",
        ["trading_disabled"] = false,
        ["fx_stablecoin"] = false,
        ["max_slippage_percentage"] = "0.02000000",
        ["auction_mode"] = false,
    };

    private static JsonObject Account(string currency, string balance) => new()
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["currency"] = currency,
        ["balance"] = balance,
        ["available"] = balance,
        ["hold"] = "0.0000000000000000",
        ["profile_id"] = "b709263e-f42a-4c7d-949a-a95c83d065da",
        ["trading_enabled"] = true,
    };
}
