using System.Collections.Concurrent;

namespace Sidecar.FakeExchange.Bitmex;

/// <summary>
/// A fake BitMEX (www.bitmex.com/api/v1) written from its docs: public instruments; private margin, wallet and
/// orders (place, list, cancel) behind <c>api-key</c> / <c>api-expires</c> / <c>api-signature</c>, checked with
/// its own code. Order parameters come from a JSON or a form body, or the query. Errors use BitMEX's shape,
/// <c>{"error":{"message":…,"name":"HTTPError"}}</c>. Listens on 127.0.0.1 only and records every request.
/// </summary>
public sealed class FakeBitmex : FakeExchangeServer
{
    private const string Symbol = "XBTUSD";

    private readonly FakeBitmexOptions _options;
    private readonly ConcurrentDictionary<string, JsonObject> _openOrders = new();

    private FakeBitmex(FakeBitmexOptions options)
    {
        _options = options;
    }

    public static async Task<FakeBitmex> StartAsync(FakeBitmexOptions options)
    {
        FakeKeyOptions.Check(options);
        var fake = new FakeBitmex(options);
        return await ListenAsync(fake, options.Port);
    }

    private protected override async Task HandleAsync(HttpContext context)
    {
        var request = await FakeRestRequest.ReadAsync(context);
        var (method, path, query, body, headers) = (request.Method, request.Path, request.Query, request.ReaderBody, request.Headers);

        var check = SignatureCheck.NotRequired;
        (int Status, JsonNode? Answer, string? Error) outcome = method == "GET" && path == "/api/v1/instrument/active"
            ? (200, new JsonArray(Instrument()), null)
            : method == "GET" && path == "/api/v1/instrument"
                ? (200, new JsonArray(Instrument()), null)
                : (0, null, null);
        if (outcome.Status == 0)
        {
            (check, outcome) = Authenticate(headers, method, query.Length > 0 ? path + "?" + query : path, body);
            if (outcome.Status == 200)
            {
                outcome = Private(method, path, Parameters(query, body, headers.GetValueOrDefault("content-type")));
            }
        }

        await request.AnswerAsync(Journal, body, check, outcome.Status, outcome.Error,
            (outcome.Answer ?? Error(outcome.Error!)).ToJsonString(), "application/json; charset=utf-8");
    }

    private (SignatureCheck, (int, JsonNode?, string?)) Authenticate(Dictionary<string, string> headers, string verb, string path, string body)
    {
        headers.TryGetValue("api-key", out var key);
        headers.TryGetValue("api-expires", out var expires);
        headers.TryGetValue("api-signature", out var signature);
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(expires) || string.IsNullOrEmpty(signature))
        {
            return (SignatureCheck.Missing, (401, null, "Not logged in."));
        }

        if (!string.Equals(key, _options.ApiKey, StringComparison.Ordinal))
        {
            return (SignatureCheck.NotRequired, (401, null, "Invalid API Key."));
        }

        if (!BitmexSignature.Verify(_options.Secret, verb, path, expires, body, signature))
        {
            return (SignatureCheck.Invalid, (401, null, "Signature not valid."));
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt) || expiresAt < now)
        {
            return (SignatureCheck.Valid, (401, null, $"This request has expired - `expires` is in the past. Current time: {now}"));
        }

        return (SignatureCheck.Valid, (200, null, null));
    }

    private (int, JsonNode?, string?) Private(string method, string path, JsonObject parameters)
    {
        switch (method, path)
        {
            case ("GET", "/api/v1/user/margin"):
                return (200, parameters["currency"]?.ToString() == "all" ? new JsonArray(Margin("XBt", 100_000_000), Margin("USDt", 100_000_000_000)) : Margin("XBt", 100_000_000), null);
            case ("GET", "/api/v1/user/wallet"):
                return (200, new JsonObject { ["account"] = 123456, ["currency"] = "XBt", ["amount"] = 100_000_000 }, null);
            case ("GET", "/api/v1/order"):
                return (200, new JsonArray([.. _openOrders.Values.Select(o => o.DeepClone())]), null);
            case ("POST", "/api/v1/order"):
                return Place(parameters);
            case ("DELETE", "/api/v1/order"):
                string[] ids = parameters["orderID"] switch
                {
                    JsonArray array => array.Select(i => i?.ToString() ?? "").ToArray(),
                    { } one => [one.ToString()],
                    null => [],
                };
                var canceled = new JsonArray();
                foreach (var id in ids)
                {
                    if (_openOrders.TryRemove(id, out var order))
                    {
                        order["ordStatus"] = "Canceled";
                        order["leavesQty"] = 0;
                        canceled.Add(order);
                    }
                }

                return canceled.Count > 0 ? (200, canceled, null) : (404, null, "Not Found");
            default:
                return (404, null, "Not Found");
        }
    }

    private (int, JsonNode?, string?) Place(JsonObject parameters)
    {
        if (parameters["symbol"]?.ToString() != Symbol)
        {
            return (400, null, "Invalid symbol");
        }

        if (!decimal.TryParse(parameters["orderQty"]?.ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var quantity)
            || quantity <= 0 || quantity % 100 != 0)
        {
            return (400, null, "Invalid orderQty");
        }

        if ((parameters["ordType"]?.ToString() ?? "Limit") != "Limit"
            || !decimal.TryParse(parameters["price"]?.ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price)
            || price <= 0 || price % 0.5m != 0)
        {
            return (400, null, "Invalid price");
        }

        var id = Guid.NewGuid().ToString();
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var order = new JsonObject
        {
            ["orderID"] = id,
            ["clOrdID"] = parameters["clOrdID"]?.ToString() ?? "",
            ["account"] = 123456,
            ["symbol"] = Symbol,
            ["side"] = parameters["side"]?.ToString() ?? (quantity > 0 ? "Buy" : "Sell"),
            ["orderQty"] = quantity,
            ["price"] = price,
            ["currency"] = "USD",
            ["settlCurrency"] = "XBt",
            ["ordType"] = "Limit",
            ["timeInForce"] = "GoodTillCancel",
            ["ordStatus"] = "New",
            ["leavesQty"] = quantity,
            ["cumQty"] = 0,
            ["avgPx"] = null,
            ["text"] = "Submitted via API.",
            ["transactTime"] = now,
            ["timestamp"] = now,
        };
        _openOrders[id] = order;
        return (200, order.DeepClone(), null);
    }

    /// <summary>Parameters from the query, a JSON body or a form body, as BitMEX accepts them.</summary>
    private static JsonObject Parameters(string query, string body, string? contentType)
    {
        if (body.Length > 0 && contentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                return JsonNode.Parse(body) as JsonObject ?? [];
            }
            catch (System.Text.Json.JsonException)
            {
                return [];
            }
        }

        var parameters = new JsonObject();
        foreach (var pair in (body.Length > 0 ? body : query).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            parameters[key] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
        }

        return parameters;
    }

    private static JsonObject Error(string message) => new() { ["error"] = new JsonObject { ["message"] = message, ["name"] = "HTTPError" } };

    private static JsonObject Instrument() => new()
    {
        ["symbol"] = Symbol,
        ["rootSymbol"] = "XBT",
        ["state"] = "Open",
        ["typ"] = "FFWCSX",
        ["underlying"] = "XBT",
        ["quoteCurrency"] = "USD",
        ["positionCurrency"] = "USD",
        ["settlCurrency"] = "XBt",
        ["lotSize"] = 100,
        ["tickSize"] = 0.5,
        ["multiplier"] = -100000000,
        ["isInverse"] = true,
        ["lastPrice"] = 100000,
        ["markPrice"] = 100000,
    };

    private static JsonObject Margin(string currency, long amount) => new()
    {
        ["account"] = 123456,
        ["currency"] = currency,
        ["walletBalance"] = amount,
        ["marginBalance"] = amount,
        ["availableMargin"] = amount,
        ["withdrawableMargin"] = amount,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
    };
}
