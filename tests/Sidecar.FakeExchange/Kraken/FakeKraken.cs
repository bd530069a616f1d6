using Sidecar.FakeExchange.Kraken.WebSocket;

namespace Sidecar.FakeExchange.Kraken;

/// <remarks><see cref="FakeKeyOptions.Secret"/>: the API secret, base64-DECODED (Kraken hands it out in base64).</remarks>
public sealed class FakeKrakenOptions : FakeKeyOptions
{
    /// <summary>What <c>POST /0/private/GetApiKeyInfo</c> reports: <c>withdraw_funds</c> and the IP allow-list.</summary>
    public FakeKeyPermissions KeyPermissions { get; init; } = new();
}

/// <summary>
/// A fake Kraken Spot REST API written from docs.kraken.com ("Spot REST Authentication", "Spot REST API"): public
/// <c>GET /0/public/*</c> market data, private <c>POST /0/private/*</c> with <c>API-Key</c>, <c>API-Sign</c> =
/// base64(HMAC-SHA512(secret, urlpath + SHA256(nonce + postdata))) and a strictly increasing <c>nonce</c> in the
/// form (or JSON) body. Errors come back as Kraken sends them: HTTP 200 with <c>{"error":["EAPI:Invalid key"]}</c>,
/// <c>EAPI:Invalid signature</c>, <c>EAPI:Invalid nonce</c>. Verifies with its own code (System.Security.Cryptography).
/// <c>GetWebSocketsToken</c> mints the tokens its Spot WebSocket v2 (<c>ws://…/v2</c>, <see cref="FakeKrakenWebSocket"/>)
/// accepts; REST and WebSocket orders share one book.
/// </summary>
public sealed class FakeKraken : FakeExchangeServer
{
    private readonly FakeKrakenOptions _options;
    private readonly Dictionary<string, JsonObject> _openOrders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _webSocketTokens = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly FakeKrakenWebSocket _webSocket;
    private long _lastNonce;
    private int _orderSequence;

    private FakeKraken(FakeKrakenOptions options)
    {
        _options = options;
        _webSocket = new FakeKrakenWebSocket(this);
    }

    /// <summary>How long a WebSocket token is valid (the <c>expires</c> Kraken answers): 15 minutes.</summary>
    public static readonly TimeSpan WebSocketTokenLifetime = TimeSpan.FromSeconds(900);

    /// <summary>The Spot WebSocket v2 on the same server: <c>ws://127.0.0.1:PORT/v2</c>.</summary>
    public Uri WebSocketAddress => new UriBuilder(BaseAddress) { Scheme = "ws", Path = FakeKrakenWebSocket.Path }.Uri;

    /// <summary>The WebSocket side: frames received, connections.</summary>
    public FakeKrakenWebSocket WebSocket => _webSocket;

    /// <summary>Every WebSocket token minted by <c>GetWebSocketsToken</c> so far.</summary>
    public IReadOnlyList<string> WebSocketTokens
    {
        get
        {
            lock (_lock)
            {
                return [.. _webSocketTokens.Keys];
            }
        }
    }

    /// <summary>The last nonce accepted, for tests of the nonce rule.</summary>
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

    public static async Task<FakeKraken> StartAsync(FakeKrakenOptions options)
    {
        FakeKeyOptions.Check(options);
        var fake = new FakeKraken(options);
        return await ListenAsync(fake, options.Port);
    }

    private protected override void OnStopping() => _webSocket.Stop();

    private protected override async Task HandleAsync(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest && LoopbackServer.RawTarget(context).Path == FakeKrakenWebSocket.Path)
        {
            await _webSocket.HandleAsync(context);
            return;
        }

        var request = await FakeRestRequest.ReadAsync(context);
        var (status, answer, check, error) = request.Path.StartsWith("/0/private/", StringComparison.Ordinal)
            ? Private(request.Method, request.Path, request.Body, context.Request.ContentType, request.Headers)
            : Public(request.Method, request.Path);
        await request.AnswerAsync(Journal, request.Utf8Body, check, status, error, answer.ToJsonString());
    }

    private static (int, JsonNode, SignatureCheck, string?) Public(string method, string path)
    {
        if (method != "GET" && method != "POST")
        {
            return Error(405, "EGeneral:Invalid arguments", SignatureCheck.NotRequired);
        }

        return path switch
        {
            "/0/public/Time" => Ok(new JsonObject { ["unixtime"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["rfc1123"] = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture) }, SignatureCheck.NotRequired),
            "/0/public/AssetPairs" => Ok(AssetPairs(), SignatureCheck.NotRequired),
            _ => Error(404, "EGeneral:Unknown method", SignatureCheck.NotRequired),
        };
    }

    private (int, JsonNode, SignatureCheck, string?) Private(string method, string path, byte[] body, string? contentType, Dictionary<string, string> headers)
    {
        if (method != "POST")
        {
            return Error(405, "EGeneral:Invalid arguments", SignatureCheck.Missing);
        }

        if (!headers.TryGetValue("api-key", out var apiKey) || apiKey != _options.ApiKey)
        {
            return Error(200, "EAPI:Invalid key", headers.ContainsKey("api-sign") ? SignatureCheck.Invalid : SignatureCheck.Missing);
        }

        var isJson = contentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
        var fields = isJson ? JsonFields(body) : FormFields(body);
        if (fields is null || !fields.TryGetValue("nonce", out var nonceText) || !long.TryParse(nonceText, NumberStyles.None, CultureInfo.InvariantCulture, out var nonce))
        {
            return Error(200, "EAPI:Invalid nonce", SignatureCheck.Missing);
        }

        if (!headers.TryGetValue("api-sign", out var apiSign) || apiSign.Length == 0)
        {
            return Error(200, "EAPI:Invalid signature", SignatureCheck.Missing);
        }

        if (!KrakenSignature.Verify(_options.Secret, path, nonceText, body, apiSign))
        {
            return Error(200, "EAPI:Invalid signature", SignatureCheck.Invalid);
        }

        lock (_lock)
        {
            if (nonce <= _lastNonce)
            {
                return Error(200, "EAPI:Invalid nonce", SignatureCheck.Valid);
            }

            _lastNonce = nonce;
            return path switch
            {
                "/0/private/Balance" => Ok(new JsonObject { ["ZUSD"] = "10000.0000", ["XXBT"] = "0.5000000000" }, SignatureCheck.Valid),
                "/0/private/BalanceEx" => Ok(new JsonObject
                {
                    ["ZUSD"] = new JsonObject { ["balance"] = "10000.0000", ["hold_trade"] = HeldUsd() },
                    ["XXBT"] = new JsonObject { ["balance"] = "0.5000000000", ["hold_trade"] = "0.0000000000" },
                }, SignatureCheck.Valid),
                "/0/private/GetApiKeyInfo" => Ok(ApiKeyInfo(), SignatureCheck.Valid),
                "/0/private/GetWebSocketsToken" => Ok(new JsonObject { ["token"] = MintWebSocketToken(), ["expires"] = (int)WebSocketTokenLifetime.TotalSeconds }, SignatureCheck.Valid),
                "/0/private/AddOrder" => AddOrder(fields),
                "/0/private/CancelOrder" => CancelOrder(fields),
                "/0/private/OpenOrders" => Ok(new JsonObject { ["open"] = new JsonObject([.. _openOrders.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value.DeepClone()))]) }, SignatureCheck.Valid),
                _ => Error(200, "EGeneral:Unknown method", SignatureCheck.Valid),
            };
        }
    }

    private (int, JsonNode, SignatureCheck, string?) AddOrder(Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("pair", out var pair) || (pair != "XXBTZUSD" && pair != "XBTUSD"))
        {
            return Error(200, "EQuery:Unknown asset pair", SignatureCheck.Valid);
        }

        if (!fields.TryGetValue("type", out var side) || !fields.TryGetValue("ordertype", out var orderType) || !fields.TryGetValue("volume", out var volume))
        {
            return Error(200, "EGeneral:Invalid arguments", SignatureCheck.Valid);
        }

        fields.TryGetValue("price", out var price);
        var (txid, description) = Place(side, orderType, volume, price);
        return Ok(new JsonObject { ["descr"] = new JsonObject { ["order"] = description }, ["txid"] = new JsonArray(txid) }, SignatureCheck.Valid);
    }

    private (int, JsonNode, SignatureCheck, string?) CancelOrder(Dictionary<string, string> fields)
    {
        if (!fields.TryGetValue("txid", out var txid) || !Cancel(txid))
        {
            return Error(200, "EOrder:Unknown order", SignatureCheck.Valid);
        }

        return Ok(new JsonObject { ["count"] = 1 }, SignatureCheck.Valid);
    }

    /// <summary>Puts an order on the book (REST or WebSocket) and tells the WebSocket's executions subscribers.</summary>
    internal (string Txid, string Description) Place(string side, string orderType, string volume, string? price)
    {
        string txid;
        string description;
        JsonObject order;
        lock (_lock)
        {
            txid = $"O{++_orderSequence:D5}-FAKE-KRAKEN";
            description = $"{side} {volume} XBTUSD @ {orderType} {price}";
            order = new JsonObject
            {
                ["status"] = "open",
                ["descr"] = new JsonObject { ["pair"] = "XBTUSD", ["type"] = side, ["ordertype"] = orderType, ["price"] = price, ["order"] = description },
                ["vol"] = volume,
                ["vol_exec"] = "0.00000000",
                ["opentm"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
            };
            _openOrders[txid] = order;
        }

        _webSocket.OrderChanged(txid, order, canceled: false);
        return (txid, description);
    }

    /// <summary>Takes an order off the book; false when it is not there.</summary>
    internal bool Cancel(string txid)
    {
        JsonObject? order;
        lock (_lock)
        {
            if (!_openOrders.Remove(txid, out order))
            {
                return false;
            }
        }

        _webSocket.OrderChanged(txid, order, canceled: true);
        return true;
    }

    /// <summary>The open orders, by txid (copies).</summary>
    internal IReadOnlyList<(string Txid, JsonObject Order)> OpenOrders()
    {
        lock (_lock)
        {
            return [.. _openOrders.Select(o => (o.Key, (JsonObject)o.Value.DeepClone()))];
        }
    }

    /// <summary>Whether <paramref name="token"/> was minted here and is still within its 15 minutes.</summary>
    internal bool IsLiveWebSocketToken(string token)
    {
        lock (_lock)
        {
            return _webSocketTokens.TryGetValue(token, out var expires) && expires > DateTimeOffset.UtcNow;
        }
    }

    /// <summary>A token shaped like Kraken's: 32 random bytes in base64 without padding (43 characters, '+' and '/' included).</summary>
    private string MintWebSocketToken()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=');
        _webSocketTokens[token] = DateTimeOffset.UtcNow + WebSocketTokenLifetime;
        return token;
    }

    private string HeldUsd()
    {
        var held = 0m;
        foreach (var order in _openOrders.Values)
        {
            held += decimal.Parse(order["vol"]!.GetValue<string>(), CultureInfo.InvariantCulture)
                * decimal.Parse(order["descr"]!["price"]?.GetValue<string>() ?? "0", CultureInfo.InvariantCulture);
        }

        return held.ToString("0.0000", CultureInfo.InvariantCulture);
    }

    /// <summary>The fields of "Get API Key Info" the doctor reads, with the permission names Kraken uses.</summary>
    private JsonObject ApiKeyInfo()
    {
        var permissions = new JsonArray("query_funds", "query_open_orders_and_trades", "create_modify_orders", "cancel_close_orders");
        if (_options.KeyPermissions.Withdrawals)
        {
            permissions.Add("withdraw_funds");
        }

        return new JsonObject
        {
            ["api_key_name"] = "sidecar-test",
            ["nonce"] = _lastNonce.ToString(CultureInfo.InvariantCulture),
            ["nonce_window"] = 0,
            ["permissions"] = permissions,
            ["ip_allowlist"] = _options.KeyPermissions.IpRestricted ? new JsonArray("203.0.113.7") : new JsonArray(),
        };
    }

    private static JsonObject AssetPairs() => new()
    {
        ["XXBTZUSD"] = new JsonObject
        {
            ["altname"] = "XBTUSD",
            ["wsname"] = "XBT/USD",
            ["aclass_base"] = "currency",
            ["base"] = "XXBT",
            ["aclass_quote"] = "currency",
            ["quote"] = "ZUSD",
            ["lot"] = "unit",
            ["cost_decimals"] = 5,
            ["pair_decimals"] = 1,
            ["lot_decimals"] = 8,
            ["lot_multiplier"] = 1,
            ["leverage_buy"] = new JsonArray(),
            ["leverage_sell"] = new JsonArray(),
            ["fees"] = new JsonArray(new JsonArray(0, 0.4)),
            ["fees_maker"] = new JsonArray(new JsonArray(0, 0.25)),
            ["fee_volume_currency"] = "ZUSD",
            ["margin_call"] = 80,
            ["margin_stop"] = 40,
            ["ordermin"] = "0.00005",
            ["costmin"] = "0.5",
            ["tick_size"] = "0.1",
            ["status"] = "online",
        },
    };

    /// <summary>Raw form fields, percent-decoded (the nonce and order fields are plain ASCII in practice).</summary>
    private static Dictionary<string, string>? FormFields(byte[] body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Encoding.ASCII.GetString(body).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            if (!fields.TryAdd(name, value))
            {
                return null; // a repeated field (e.g. two nonces) is ambiguous: refuse it
            }
        }

        return fields;
    }

    private static Dictionary<string, string>? JsonFields(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }

            return fields;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (int, JsonNode, SignatureCheck, string?) Ok(JsonNode result, SignatureCheck check) =>
        (200, new JsonObject { ["error"] = new JsonArray(), ["result"] = result }, check, null);

    private static (int, JsonNode, SignatureCheck, string?) Error(int status, string error, SignatureCheck check) =>
        (status, new JsonObject { ["error"] = new JsonArray(error) }, check, error);
}

/// <summary>Kraken's API-Sign, from the docs: base64(HMAC-SHA512(secret, urlpath + SHA256(nonce + postdata))).</summary>
internal static class KrakenSignature
{
    public static bool Verify(byte[] secret, string urlPath, string nonce, byte[] postData, string apiSign)
    {
        byte[] received;
        try
        {
            received = Convert.FromBase64String(apiSign);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Compute(secret, urlPath, nonce, postData), received);
    }

    public static byte[] Compute(byte[] secret, string urlPath, string nonce, byte[] postData)
    {
        var inner = SHA256.HashData([.. Encoding.ASCII.GetBytes(nonce), .. postData]);
        byte[] message = [.. Encoding.ASCII.GetBytes(urlPath), .. inner];
        return HMACSHA512.HashData(secret, message);
    }
}
