using System.Collections.Concurrent;
using Sidecar.FakeExchange.Deribit.WebSocket;

namespace Sidecar.FakeExchange.Deribit;

/// <summary>
/// A fake Deribit (www.deribit.com, API v2, JSON-RPC over HTTP) written from its docs: public currencies,
/// instruments and time; private account summaries, buy/sell, cancel and open orders, behind the
/// <c>deri-hmac-sha256</c> Authorization header, checked with its own code (timestamp valid 60 s, nonce single use).
/// Methods take their params from the query (GET) or from a JSON-RPC body (POST). Answers are JSON-RPC envelopes;
/// errors use Deribit's codes (10000 authorization_required, 13004 invalid_credentials, 13009 unauthorized) with
/// HTTP 400. Listens on 127.0.0.1 only and records every request. Its WebSocket API (<see cref="WebSockets"/>) shares
/// the order book.
/// </summary>
public sealed class FakeDeribit : FakeExchangeServer
{
    /// <summary>"It's valid for 60 seconds since generation."</summary>
    public static readonly TimeSpan TimestampWindow = TimeSpan.FromSeconds(60);

    private const string Instrument = "BTC-PERPETUAL";

    private readonly FakeDeribitOptions _options;
    private readonly ConcurrentDictionary<string, JsonObject> _openOrders = new();
    private readonly ConcurrentDictionary<string, byte> _usedNonces = new(StringComparer.Ordinal);
    private long _orderSequence = 1000;

    private FakeDeribit(FakeDeribitOptions options)
    {
        _options = options;
        WebSockets = new FakeDeribitWebSocket(this, options);
    }

    /// <summary>The WebSocket API on the same server (<c>ws://{host}/ws/api/v2</c>) and order book.</summary>
    public FakeDeribitWebSocket WebSockets { get; }

    public static async Task<FakeDeribit> StartAsync(FakeDeribitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ClientId);
        if (options.ClientSecret is not { Length: > 0 })
        {
            throw new ArgumentException("The client secret must not be empty.", nameof(options));
        }

        var fake = new FakeDeribit(options);
        return await ListenAsync(fake, options.Port);
    }

    private protected override async Task HandleAsync(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            await WebSockets.HandleAsync(context);
            return;
        }

        var started = DateTimeOffset.UtcNow;
        var request = await FakeRestRequest.ReadAsync(context);
        var (method, path, query, body, headers) = (request.Method, request.Path, request.Query, request.ReaderBody, request.Headers);

        JsonObject? rpc = null;
        if (body.Length > 0)
        {
            try
            {
                rpc = JsonNode.Parse(body) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                rpc = null;
            }
        }

        var parameters = rpc?["params"] as JsonObject ?? QueryParameters(query);
        var check = SignatureCheck.NotRequired;
        (int Status, JsonNode? Result, int? Code, string? Message) outcome;
        if (method is not ("GET" or "POST") || body.Length > 0 && rpc is null)
        {
            outcome = (400, null, 11050, "bad_request");
        }
        else if (path.StartsWith("/api/v2/public/", StringComparison.Ordinal))
        {
            outcome = Public(path["/api/v2/public/".Length..], parameters);
        }
        else if (path.StartsWith("/api/v2/private/", StringComparison.Ordinal))
        {
            var uri = query.Length > 0 ? path + "?" + query : path;
            (check, outcome) = Authenticate(headers, method, uri, body);
            if (outcome.Status == 200)
            {
                outcome = Private(path["/api/v2/private/".Length..], parameters);
            }
        }
        else
        {
            outcome = (404, null, 11050, "bad_request");
        }

        var envelope = Answer(rpc?["id"]?.DeepClone(), outcome.Result, outcome.Code, outcome.Message, started);

        await request.AnswerAsync(Journal, body, check, outcome.Status,
            outcome.Code is { } c ? c.ToString(CultureInfo.InvariantCulture) + " " + outcome.Message : null, envelope.ToJsonString());
    }

    /// <summary>
    /// A JSON-RPC answer as Deribit writes it, over HTTP and WebSocket alike: <c>{"jsonrpc":"2.0","id",
    /// "result"|"error":{"message","code"},"usIn","usOut","usDiff","testnet"}</c> (µs timestamps; no id when the
    /// request had none).
    /// </summary>
    internal static JsonObject Answer(JsonNode? id, JsonNode? result, int? code, string? message, DateTimeOffset started)
    {
        var envelope = new JsonObject { ["jsonrpc"] = "2.0" };
        if (id is not null)
        {
            envelope["id"] = id;
        }

        if (code is { } error)
        {
            envelope["error"] = new JsonObject { ["message"] = message, ["code"] = error };
        }
        else
        {
            envelope["result"] = result;
        }

        var usIn = started.ToUnixTimeMilliseconds() * 1000;
        var usOut = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        envelope["usIn"] = usIn;
        envelope["usOut"] = usOut;
        envelope["usDiff"] = usOut - usIn;
        envelope["testnet"] = false;
        return envelope;
    }

    private (SignatureCheck Check, (int Status, JsonNode? Result, int? Code, string? Message) Outcome) Authenticate(
        Dictionary<string, string> headers, string method, string uri, string body)
    {
        headers.TryGetValue("authorization", out var authorization);
        var fields = DeribitSignature.ParseAuthorization(authorization);
        if (fields is null
            || !fields.TryGetValue("id", out var clientId) || !fields.TryGetValue("ts", out var timestamp)
            || !fields.TryGetValue("sig", out var signature) || !fields.TryGetValue("nonce", out var nonce))
        {
            return (SignatureCheck.Missing, (400, null, 10000, "authorization_required"));
        }

        if (!string.Equals(clientId, _options.ClientId, StringComparison.Ordinal))
        {
            return (SignatureCheck.NotRequired, (400, null, 13004, "invalid_credentials"));
        }

        if (!DeribitSignature.Verify(_options.ClientSecret, timestamp, nonce, method, uri, body, signature))
        {
            return (SignatureCheck.Invalid, (400, null, 13009, "unauthorized"));
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - ms) > (long)TimestampWindow.TotalMilliseconds)
        {
            return (SignatureCheck.Valid, (400, null, 13009, "unauthorized"));
        }

        if (nonce.Length == 0 || !_usedNonces.TryAdd(nonce, 0))
        {
            return (SignatureCheck.Valid, (400, null, 13009, "unauthorized"));
        }

        return (SignatureCheck.Valid, (200, null, null, null));
    }

    internal static (int Status, JsonNode? Result, int? Code, string? Message) Public(string name, JsonObject parameters) => name switch
    {
        "get_time" => (200, JsonValue.Create(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), null, null),
        "get_currencies" => (200, new JsonArray(new JsonObject
        {
            ["withdrawal_priorities"] = new JsonArray(),
            ["withdrawal_fee"] = 0.0001,
            ["min_withdrawal_fee"] = 0.0001,
            ["min_confirmations"] = 1,
            ["fee_precision"] = 4,
            ["currency_long"] = "Bitcoin",
            ["currency"] = "BTC",
            ["coin_type"] = "BITCOIN",
        }), null, null),
        "get_instruments" => (200, parameters["currency"]?.GetValue<string>() is null or "BTC" or "any"
            ? new JsonArray(InstrumentJson())
            : new JsonArray(), null, null),
        _ => (400, null, -32601, "Method not found"),
    };

    /// <summary>An order was placed or cancelled (over REST or WebSocket): the WebSocket side pushes it to user.orders subscribers.</summary>
    internal event Action<JsonObject>? OrderChanged;

    internal (int Status, JsonNode? Result, int? Code, string? Message) Private(string name, JsonObject parameters)
    {
        switch (name)
        {
            case "get_account_summaries":
                return (200, new JsonObject { ["id"] = 1234, ["username"] = "fake", ["summaries"] = new JsonArray(Summary()) }, null, null);
            case "get_account_summary":
                return parameters["currency"]?.ToString() == "BTC" ? (200, Summary(), null, null) : (400, null, -32602, "Invalid params");
            case "get_open_orders_by_instrument":
            case "get_open_orders":
                return (200, new JsonArray([.. _openOrders.Values.Select(o => o.DeepClone())]), null, null);
            case "buy":
            case "sell":
                return Place(name, parameters);
            case "cancel":
                var id = parameters["order_id"]?.ToString() ?? "";
                if (!_openOrders.TryRemove(id, out var order))
                {
                    return (400, null, 10004, "order_not_found");
                }

                order["order_state"] = "cancelled";
                order["last_update_timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                OrderChanged?.Invoke((JsonObject)order.DeepClone());
                return (200, order, null, null);
            default:
                return (400, null, -32601, "Method not found");
        }
    }

    private (int, JsonNode?, int?, string?) Place(string direction, JsonObject parameters)
    {
        if (parameters["instrument_name"]?.ToString() != Instrument)
        {
            return (400, null, 10020, "invalid_or_unsupported_instrument");
        }

        if (!decimal.TryParse(parameters["amount"]?.ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || amount <= 0 || amount % 10 != 0)
        {
            return (400, null, 10021, "invalid_amount");
        }

        var type = parameters["type"]?.ToString() ?? "limit";
        if (type != "limit" || !decimal.TryParse(parameters["price"]?.ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price) || price <= 0)
        {
            return (400, null, 10023, "invalid_price");
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var id = "USDC-" + Interlocked.Increment(ref _orderSequence).ToString(CultureInfo.InvariantCulture);
        var order = new JsonObject
        {
            ["web"] = false,
            ["time_in_force"] = "good_til_cancelled",
            ["replaced"] = false,
            ["reduce_only"] = false,
            ["price"] = price,
            ["post_only"] = false,
            ["order_type"] = "limit",
            ["order_state"] = "open",
            ["order_id"] = id,
            ["max_show"] = amount,
            ["last_update_timestamp"] = now,
            ["label"] = parameters["label"]?.ToString() ?? "",
            ["is_liquidation"] = false,
            ["instrument_name"] = Instrument,
            ["filled_amount"] = 0,
            ["direction"] = direction,
            ["creation_timestamp"] = now,
            ["average_price"] = 0,
            ["api"] = true,
            ["amount"] = amount,
        };
        _openOrders[id] = order;
        OrderChanged?.Invoke((JsonObject)order.DeepClone());
        return (200, new JsonObject { ["trades"] = new JsonArray(), ["order"] = order.DeepClone() }, null, null);
    }

    private static JsonObject QueryParameters(string query)
    {
        var parameters = new JsonObject();
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            parameters[key] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
        }

        return parameters;
    }

    private static JsonObject InstrumentJson() => new()
    {
        ["tick_size"] = 0.5,
        ["tick_size_steps"] = new JsonArray(),
        ["taker_commission"] = 0.0005,
        ["maker_commission"] = 0,
        ["settlement_period"] = "perpetual",
        ["settlement_currency"] = "BTC",
        ["quote_currency"] = "USD",
        ["counter_currency"] = "USD",
        ["base_currency"] = "BTC",
        ["price_index"] = "btc_usd",
        ["min_trade_amount"] = 10,
        ["max_leverage"] = 50,
        ["kind"] = "future",
        ["instrument_type"] = "reversed",
        ["is_active"] = true,
        ["instrument_name"] = Instrument,
        ["instrument_id"] = 210838,
        ["expiration_timestamp"] = 32503708800000,
        ["creation_timestamp"] = 1534242287000,
        ["contract_size"] = 10,
        ["block_trade_commission"] = 0.00025,
        ["block_trade_tick_size"] = 0.01,
        ["block_trade_min_trade_amount"] = 200000,
        ["rfq"] = false,
    };

    internal static JsonObject Summary() => new()
    {
        ["currency"] = "BTC",
        ["balance"] = 1.0,
        ["equity"] = 1.0,
        ["available_funds"] = 1.0,
        ["available_withdrawal_funds"] = 1.0,
        ["margin_balance"] = 1.0,
        ["maintenance_margin"] = 0,
        ["initial_margin"] = 0,
        ["total_pl"] = 0,
        ["session_upl"] = 0,
        ["session_rpl"] = 0,
        ["futures_pl"] = 0,
        ["options_pl"] = 0,
        ["delta_total"] = 0,
        ["fee_balance"] = 0,
    };
}
