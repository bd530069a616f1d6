using System.Collections.Concurrent;
using Sidecar.FakeExchange.CoinbaseAdvanced.WebSocket;
using Sidecar.FakeExchange.Coinbase.WebSocket;

namespace Sidecar.FakeExchange.CoinbaseAdvanced;

/// <summary>
/// A fake Coinbase Advanced Trade (api.coinbase.com) written from its docs: the public market products and the
/// Coinbase App data endpoints ccxt loads markets from; private accounts, transaction summary, order placement and
/// batch cancel behind a per-request ES256 JWT (<see cref="CoinbaseJwtVerifier"/>). An invalid JWT gets what
/// Coinbase answers: HTTP 401 with the text body "Unauthorized". A WebSocket upgrade on any path opens the Advanced
/// Trade feed (<see cref="AdvancedTradeFeed"/>; both feed hosts serve at their root), whose <c>user</c> channel
/// reports the orders placed over REST. Listens on 127.0.0.1 only and records every request and feed message.
/// </summary>
public sealed class FakeCoinbaseAdvanced : FakeExchangeServer
{
    private readonly ConcurrentDictionary<string, AdvancedOpenOrder> _openOrders = new();
    private readonly CoinbaseJwtVerifier _verifier;
    private readonly FakeKeyPermissions _permissions;
    private readonly AdvancedTradeFeed _feed;

    private FakeCoinbaseAdvanced(FakeCoinbaseAdvancedOptions options)
    {
        _verifier = new CoinbaseJwtVerifier(options.KeyName, options.PublicKeyPem, options.SignedHost);
        _permissions = options.KeyPermissions;
        _feed = new AdvancedTradeFeed(_verifier, () => _openOrders.Values.OrderBy(o => o.Created));
    }

    /// <summary>The feed's address: ws://127.0.0.1:{port} (the same server).</summary>
    public Uri WebSocketAddress => new($"ws://127.0.0.1:{BaseAddress.Port}");

    /// <summary>Every message the WebSocket feed received, in arrival order.</summary>
    public IReadOnlyList<RecordedFeedMessage> FeedMessages => _feed.Messages;

    /// <summary>Every WebSocket connection the feed accepted.</summary>
    public IReadOnlyList<FeedConnectionInfo> FeedConnections => _feed.Connections;

    public static async Task<FakeCoinbaseAdvanced> StartAsync(FakeCoinbaseAdvancedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.KeyName);
        ArgumentException.ThrowIfNullOrEmpty(options.PublicKeyPem);
        var fake = new FakeCoinbaseAdvanced(options);
        try
        {
            return await ListenAsync(fake, options.Port);
        }
        catch
        {
            fake._verifier.Dispose();
            throw;
        }
    }

    private protected override void OnStopping() => _feed.Stop();

    private protected override void OnStopped() => _verifier.Dispose();

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
        var (status, answer, error) = Public(method, path, query);
        if (status == 0)
        {
            headers.TryGetValue("authorization", out var authorization);
            var problem = _verifier.Check(authorization, method, path, DateTimeOffset.UtcNow);
            check = problem is null ? SignatureCheck.Valid
                : authorization is null ? SignatureCheck.Missing
                : SignatureCheck.Invalid;
            (status, answer, error) = problem is null ? Private(method, path, body) : (401, null, "Unauthorized: " + problem);
        }

        await (answer is null
            ? request.AnswerAsync(Journal, body, check, status, error, "Unauthorized\n", "text/plain; charset=utf-8")
            : request.AnswerAsync(Journal, body, check, status, error, answer.ToJsonString(), "application/json; charset=utf-8"));
    }

    private static (int Status, JsonNode? Answer, string? Error) Public(string method, string path, string query)
    {
        if (method != "GET")
        {
            return (0, null, null);
        }

        var now = DateTimeOffset.UtcNow;
        return path switch
        {
            "/v2/currencies" => (200, new JsonObject { ["data"] = new JsonArray(new JsonObject { ["id"] = "USD", ["name"] = "US Dollar", ["min_size"] = "0.01" }) }, null),
            "/v2/currencies/crypto" => (200, new JsonObject
            {
                ["data"] = new JsonArray(new JsonObject
                {
                    ["asset_id"] = "5b71fc48-3dd3-540c-809b-f8c94d0e68b5",
                    ["code"] = "BTC",
                    ["name"] = "Bitcoin",
                    ["color"] = "#F7931A",
                    ["sort_index"] = 100,
                    ["exponent"] = 8,
                    ["type"] = "crypto",
                    ["address_regex"] = "^([13][a-km-zA-HJ-NP-Z1-9]{25,34})|^(bc1[qzry9x8gf2tvdw0s3jn54khce6mua7l]([qpzry9x8gf2tvdw0s3jn54khce6mua7l]{38}|[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}))$",
                }),
            }, null),
            "/v2/exchange-rates" => (200, new JsonObject { ["data"] = new JsonObject { ["currency"] = "USD", ["rates"] = new JsonObject { ["BTC"] = "0.00001", ["USD"] = "1.0" } } }, null),
            "/api/v3/brokerage/time" => (200, new JsonObject
            {
                ["iso"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["epochSeconds"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["epochMillis"] = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            }, null),
            // Only spot is listed: the FUTURE (and PERPETUAL) listings ccxt also asks for are empty.
            "/api/v3/brokerage/market/products" => query.Contains("product_type=FUTURE", StringComparison.Ordinal)
                ? (200, new JsonObject { ["products"] = new JsonArray(), ["num_products"] = 0 }, null)
                : (200, new JsonObject { ["products"] = new JsonArray(Product()), ["num_products"] = 1 }, null),
            _ when path.StartsWith("/api/v3/brokerage/market/", StringComparison.Ordinal) || path.StartsWith("/v2/prices/", StringComparison.Ordinal)
                => (404, NotFound(), "NOT_FOUND"),
            _ => (0, null, null),
        };
    }

    private (int Status, JsonNode? Answer, string? Error) Private(string method, string path, string body) => (method, path) switch
    {
        ("GET", "/api/v3/brokerage/transaction_summary") => (200, new JsonObject
        {
            ["total_volume"] = 0,
            ["total_fees"] = 0,
            ["fee_tier"] = new JsonObject { ["pricing_tier"] = "Advanced 1", ["usd_from"] = "0", ["usd_to"] = "1000", ["taker_fee_rate"] = "0.012", ["maker_fee_rate"] = "0.006" },
            ["margin_rate"] = null,
            ["goods_and_services_tax"] = null,
            ["advanced_trade_only_volume"] = 0,
            ["advanced_trade_only_fees"] = 0,
            ["coinbase_pro_volume"] = 0,
            ["coinbase_pro_fees"] = 0,
        }, null),
        ("GET", "/api/v3/brokerage/key_permissions") => (200, new JsonObject
        {
            ["can_view"] = true,
            ["can_trade"] = true,
            ["can_transfer"] = _permissions.Withdrawals || _permissions.Transfers,
            ["portfolio_uuid"] = "8bd1c4a0-4c6d-4f46-9b7c-0d2b0b6a1e2f",
            ["portfolio_type"] = "DEFAULT",
        }, null),
        ("GET", "/api/v3/brokerage/accounts") => (200, new JsonObject
        {
            ["accounts"] = new JsonArray(Account("BTC", "1.0000000000000000"), Account("USD", "100000.0000000000000000")),
            ["has_next"] = false,
            ["cursor"] = "",
            ["size"] = 2,
        }, null),
        ("POST", "/api/v3/brokerage/orders") => PlaceOrder(body),
        ("POST", "/api/v3/brokerage/orders/batch_cancel") => Cancel(body),
        _ => (404, NotFound(), "NOT_FOUND"),
    };

    private (int Status, JsonNode? Answer, string? Error) PlaceOrder(string body)
    {
        var request = ParseObject(body);
        var limit = request?["order_configuration"]?["limit_limit_gtc"];
        if (request is null || limit is null
            || request["product_id"]?.GetValue<string>() != "BTC-USD"
            || request["side"]?.GetValue<string>() is not ("BUY" or "SELL")
            || request["client_order_id"]?.GetValue<string>() is not { Length: > 0 } clientOrderId
            || !decimal.TryParse(limit["base_size"]?.GetValue<string>(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var size)
            || !decimal.TryParse(limit["limit_price"]?.GetValue<string>(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price)
            || size <= 0 || price <= 0)
        {
            return (200, new JsonObject
            {
                ["success"] = false,
                ["failure_reason"] = "UNKNOWN_FAILURE_REASON",
                ["order_id"] = "",
                ["error_response"] = new JsonObject { ["error"] = "INVALID_LIMIT_PRICE_POST_ONLY", ["message"] = "a limit_limit_gtc order on BTC-USD is required", ["error_details"] = "", ["preview_failure_reason"] = "UNKNOWN_PREVIEW_FAILURE_REASON" },
            }, "INVALID_ORDER");
        }

        var id = Guid.NewGuid().ToString();
        var side = request["side"]!.GetValue<string>();
        var success = new JsonObject
        {
            ["order_id"] = id,
            ["product_id"] = "BTC-USD",
            ["side"] = side,
            ["client_order_id"] = clientOrderId,
        };
        _openOrders[id] = new AdvancedOpenOrder(id, clientOrderId, "BTC-USD", side, limit["base_size"]!.GetValue<string>(), limit["limit_price"]!.GetValue<string>(), DateTimeOffset.UtcNow);
        return (200, new JsonObject
        {
            ["success"] = true,
            ["failure_reason"] = "UNKNOWN_FAILURE_REASON",
            ["order_id"] = id,
            ["success_response"] = success,
            ["order_configuration"] = request["order_configuration"]!.DeepClone(),
        }, null);
    }

    private (int Status, JsonNode? Answer, string? Error) Cancel(string body)
    {
        if (ParseObject(body)?["order_ids"] is not JsonArray ids)
        {
            return (400, new JsonObject { ["error"] = "INVALID_ARGUMENT", ["error_details"] = "order_ids is required", ["message"] = "order_ids is required" }, "INVALID_ARGUMENT");
        }

        var results = new JsonArray();
        foreach (var id in ids.Select(i => i?.GetValue<string>() ?? ""))
        {
            var removed = _openOrders.TryRemove(id, out _);
            results.Add(new JsonObject
            {
                ["success"] = removed,
                ["failure_reason"] = removed ? "UNKNOWN_CANCEL_FAILURE_REASON" : "UNKNOWN_CANCEL_ORDER",
                ["order_id"] = id,
            });
        }

        return (200, new JsonObject { ["results"] = results }, null);
    }

    private static JsonObject? ParseObject(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static JsonObject NotFound() => new() { ["error"] = "NOT_FOUND", ["error_details"] = "", ["message"] = "Not Found" };

    private static JsonObject Product() => new()
    {
        ["product_id"] = "BTC-USD",
        ["price"] = "100000.00",
        ["price_percentage_change_24h"] = "0",
        ["volume_24h"] = "1000",
        ["volume_percentage_change_24h"] = "0",
        ["base_increment"] = "0.00000001",
        ["quote_increment"] = "0.01",
        ["quote_min_size"] = "1",
        ["quote_max_size"] = "150000000",
        ["base_min_size"] = "0.00000001",
        ["base_max_size"] = "3400",
        ["base_name"] = "Bitcoin",
        ["quote_name"] = "US Dollar",
        ["watched"] = false,
        ["is_disabled"] = false,
        ["new"] = false,
        ["status"] = "online",
        ["cancel_only"] = false,
        ["limit_only"] = false,
        ["post_only"] = false,
        ["trading_disabled"] = false,
        ["auction_mode"] = false,
        ["product_type"] = "SPOT",
        ["quote_currency_id"] = "USD",
        ["base_currency_id"] = "BTC",
        ["mid_market_price"] = "",
        ["alias"] = "",
        ["alias_to"] = new JsonArray(),
        ["base_display_symbol"] = "BTC",
        ["quote_display_symbol"] = "USD",
        ["view_only"] = false,
        ["price_increment"] = "0.01",
        ["display_name"] = "BTC-USD",
        ["product_venue"] = "CBE",
    };

    private static JsonObject Account(string currency, string available) => new()
    {
        ["uuid"] = Guid.NewGuid().ToString(),
        ["name"] = currency + " Wallet",
        ["currency"] = currency,
        ["available_balance"] = new JsonObject { ["value"] = available, ["currency"] = currency },
        ["default"] = true,
        ["active"] = true,
        ["created_at"] = "2024-01-04T06:20:06.456Z",
        ["updated_at"] = "2024-01-04T06:20:07.181Z",
        ["deleted_at"] = null,
        ["type"] = currency == "USD" ? "ACCOUNT_TYPE_FIAT" : "ACCOUNT_TYPE_CRYPTO",
        ["ready"] = true,
        ["hold"] = new JsonObject { ["value"] = "0", ["currency"] = currency },
    };
}
