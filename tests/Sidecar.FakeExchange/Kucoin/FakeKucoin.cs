using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Sidecar.FakeExchange.Common;
using Sidecar.FakeExchange.Kucoin.WebSocket;

namespace Sidecar.FakeExchange.Kucoin;

/// <summary>
/// A fake KuCoin (spot, classic account) written from KuCoin's public API docs: it checks the API key, the signed
/// passphrase, the HMAC-SHA256 signature and the timestamp with its own code (<see cref="KucoinAuthenticator"/>),
/// answers in KuCoin's envelope (<c>code</c> "200000" / <c>data</c>, or <c>code</c>/<c>msg</c>), and serves what a
/// ccxt bot needs: symbols (BTC-USDT), tickers, currencies, account mode, margin symbol lists, the high-frequency
/// account flag (false), trade accounts, and placing, listing and cancelling limit orders. Records every request.
/// <c>bullet-private</c> and <c>bullet-public</c> hand out tokens for its push WebSocket on the same server
/// (<see cref="Push"/>). Listens on 127.0.0.1 only.
/// </summary>
public sealed class FakeKucoin : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly State _state;

    private FakeKucoin(LoopbackServer server, State state)
    {
        _server = server;
        _state = state;
    }

    /// <summary>e.g. http://127.0.0.1:43121/</summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>A snapshot of every request received so far, in arrival order.</summary>
    public IReadOnlyList<ExchangeRequest> Requests => _state.Snapshot();

    /// <summary>The push WebSocket (<c>ws://…/endpoint</c>): what it received, connections, the endpoint bullets name.</summary>
    public FakeKucoinPush Push => _state.Push;

    public static async Task<FakeKucoin> StartAsync(FakeKucoinOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ApiKey);
        ArgumentException.ThrowIfNullOrEmpty(options.Passphrase);
        if (options.Secret is not { Length: > 0 })
        {
            throw new ArgumentException("The secret must not be empty.", nameof(options));
        }

        var state = new State(options);
        var server = await LoopbackServer.StartAsync(state.HandleAsync, options.Port, cancellationToken);
        state.Push.Endpoint = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = FakeKucoinPush.Path }.Uri.ToString();
        return new FakeKucoin(server, state);
    }

    public void ClearRequests() => _state.Clear();

    public async ValueTask DisposeAsync()
    {
        _state.Push.Stop();
        await _server.DisposeAsync();
        _state.Forget();
    }

    private sealed class State
    {
        private const string Symbol = "BTC-USDT";
        private const string OrdersPath = "/api/v1/orders";

        private readonly Lock _gate = new();
        private readonly List<ExchangeRequest> _requests = [];
        private readonly Dictionary<string, JsonObject> _openOrders = new(StringComparer.Ordinal);
        private readonly KucoinAuthenticator _authenticator;
        private readonly byte[] _secret;
        private readonly TimeSpan _clockOffset;
        private readonly FakeKeyPermissions _permissions;
        private long _nextOrderId = 0x6700_0000_0000_0000;

        public State(FakeKucoinOptions options)
        {
            _secret = options.Secret.ToArray();
            _clockOffset = options.ClockOffset;
            _permissions = options.KeyPermissions;
            _authenticator = new KucoinAuthenticator(options.ApiKey, _secret, options.Passphrase, Now);
        }

        public FakeKucoinPush Push { get; } = new();

        public IReadOnlyList<ExchangeRequest> Snapshot()
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _requests.Clear();
            }
        }

        public void Forget() => CryptographicOperations.ZeroMemory(_secret);

        public async Task HandleAsync(HttpContext context)
        {
            var request = context.Request;
            var (path, query) = LoopbackServer.RawTarget(context);
            if (context.WebSockets.IsWebSocketRequest && path == FakeKucoinPush.Path)
            {
                await Push.HandleAsync(context);
                return;
            }
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);

            var signature = SignatureCheck.NotRequired;
            KucoinError? error;
            JsonNode? data = null;
            var route = (request.Method, path);
            var isPublic = route is ("GET", "/api/v2/symbols") or ("GET", "/api/v1/market/allTickers")
                or ("GET", "/api/v3/currencies") or ("GET", "/api/v1/timestamp") or ("POST", "/api/v1/bullet-public");
            var isPrivate = route is ("GET", "/api/ua/v1/account/mode") or ("GET", "/api/v3/margin/symbols")
                or ("GET", "/api/v1/isolated/symbols") or ("GET", "/api/v1/hf/accounts/opened")
                or ("GET", "/api/v1/accounts") or ("GET", "/api/v1/user/api-key") or ("GET", OrdersPath) or ("POST", OrdersPath)
                or ("POST", "/api/v1/bullet-private")
                || (request.Method == "DELETE" && path.StartsWith(OrdersPath + "/", StringComparison.Ordinal));
            if (!isPublic && !isPrivate)
            {
                error = new KucoinError(404, "404000", "Url Not Found");
            }
            else
            {
                error = null;
                if (isPrivate)
                {
                    (signature, error) = _authenticator.Authenticate(request, path, query, body);
                }

                if (error is null && request.Method == "POST" && body.Length > 0 && !IsJson(request.ContentType))
                {
                    // A bodyless POST (bullet-private) needs no content type; a body must be JSON.
                    error = new KucoinError(415, "415000", "Unsupported Media Type: the body must be application/json");
                }

                if (error is null)
                {
                    (data, error) = Dispatch(request.Method, path, query, body);
                }
            }

            var envelope = error is null
                ? new JsonObject { ["code"] = "200000", ["data"] = data }
                : new JsonObject { ["code"] = error.Code, ["msg"] = error.Msg };
            var status = error?.Status ?? 200;
            if (!SidecarBackground.IsBackground(request))
            {
                Record(new ExchangeRequest(request.Method, path, query, body, Headers(request), signature, status, error?.Code));
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(envelope.ToJsonString(), context.RequestAborted);
        }

        // KuCoin's "Get API Key Info": permission is a comma-separated list; ipWhitelist is empty when not IP-bound.
        private JsonObject ApiKeyInfo() => new()
        {
            ["remark"] = "sidecar-fake",
            ["apiKey"] = "(the key)",
            ["apiVersion"] = 3,
            ["permission"] = "General,Spot" + (_permissions.Transfers ? ",InnerTransfer" : "") + (_permissions.Withdrawals ? ",Withdrawal" : ""),
            ["ipWhitelist"] = _permissions.IpRestricted ? "203.0.113.7" : "",
            ["isMaster"] = true,
            ["createdAt"] = 1767600000000,
        };

        private (JsonNode? Data, KucoinError? Error) Dispatch(string method, string path, string query, string body)
        {
            switch (method, path)
            {
                case (_, "/api/v1/timestamp"):
                    return (JsonValue.Create(Now()), null);
                case (_, "/api/v2/symbols"):
                    return (new JsonArray(SymbolInfo()), null);
                case (_, "/api/v1/market/allTickers"):
                    return (new JsonObject { ["time"] = Now(), ["ticker"] = new JsonArray(Ticker()) }, null);
                case (_, "/api/v3/currencies"):
                    return (new JsonArray(Currency("BTC", "Bitcoin", 8), Currency("USDT", "Tether", 6)), null);
                case (_, "/api/ua/v1/account/mode"):
                    return (new JsonObject { ["selfAccountMode"] = "CLASSIC", ["accountMode"] = "CLASSIC" }, null);
                case (_, "/api/v3/margin/symbols"):
                    return (new JsonObject { ["timestamp"] = Now(), ["items"] = new JsonArray() }, null);
                case (_, "/api/v1/isolated/symbols"):
                    return (new JsonArray(), null);
                case (_, "/api/v1/hf/accounts/opened"):
                    return (JsonValue.Create(false), null);
                case (_, "/api/v1/user/api-key"):
                    return (ApiKeyInfo(), null);
                case (_, "/api/v1/bullet-private"):
                    return (Push.Bullet(isPrivate: true), null);
                case (_, "/api/v1/bullet-public"):
                    return (Push.Bullet(isPrivate: false), null);
                case (_, "/api/v1/accounts"):
                    return (Accounts(Query(query).GetValueOrDefault("type")), null);
                case ("GET", OrdersPath):
                    lock (_gate)
                    {
                        var items = new JsonArray([.. _openOrders.Values.Select(o => o.DeepClone())]);
                        return (new JsonObject { ["currentPage"] = 1, ["pageSize"] = 50, ["totalNum"] = items.Count, ["totalPage"] = 1, ["items"] = items }, null);
                    }

                case ("POST", OrdersPath):
                    return Place(body);
                default:
                    return Cancel(Uri.UnescapeDataString(path[(OrdersPath.Length + 1)..]));
            }
        }

        private (JsonNode?, KucoinError?) Place(string body)
        {
            JsonObject? order;
            try
            {
                order = JsonNode.Parse(body) as JsonObject;
            }
            catch (JsonException)
            {
                order = null;
            }

            if (order is null || Text(order, "symbol") != Symbol || Text(order, "side") is not ("buy" or "sell") ||
                (Text(order, "type") ?? "limit") != "limit" || string.IsNullOrEmpty(Text(order, "clientOid")) ||
                !Positive(Text(order, "size")) || !Positive(Text(order, "price")))
            {
                return (null, new KucoinError(200, "400100", "Parameter error: symbol BTC-USDT, side, clientOid, type limit, size and price are required"));
            }

            var orderId = Interlocked.Increment(ref _nextOrderId).ToString("x24", CultureInfo.InvariantCulture);
            var stored = new JsonObject
            {
                ["id"] = orderId, ["symbol"] = Symbol, ["opType"] = "DEAL", ["type"] = "limit", ["side"] = Text(order, "side"),
                ["price"] = Text(order, "price"), ["size"] = Text(order, "size"), ["funds"] = "0", ["dealFunds"] = "0",
                ["dealSize"] = "0", ["fee"] = "0", ["feeCurrency"] = "USDT", ["timeInForce"] = "GTC", ["isActive"] = true,
                ["cancelExist"] = false, ["clientOid"] = Text(order, "clientOid"), ["createdAt"] = Now(),
                ["tradeType"] = "TRADE",
            };
            lock (_gate)
            {
                _openOrders[orderId] = stored;
            }

            Push.OrderChanged(stored, "open");
            return (new JsonObject { ["orderId"] = orderId }, null);
        }

        private (JsonNode?, KucoinError?) Cancel(string orderId)
        {
            JsonObject? cancelled;
            lock (_gate)
            {
                if (!_openOrders.Remove(orderId, out cancelled))
                {
                    return (null, new KucoinError(200, "400100", "order_not_exist_or_not_allow_to_cancel"));
                }
            }

            Push.OrderChanged(cancelled, "canceled");
            return (new JsonObject { ["cancelledOrderIds"] = new JsonArray(orderId) }, null);
        }

        private static JsonObject SymbolInfo() => new()
        {
            ["symbol"] = Symbol, ["name"] = Symbol, ["baseCurrency"] = "BTC", ["quoteCurrency"] = "USDT",
            ["feeCurrency"] = "USDT", ["market"] = "USDS", ["baseMinSize"] = "0.00001", ["quoteMinSize"] = "0.1",
            ["baseMaxSize"] = "10000000000", ["quoteMaxSize"] = "99999999", ["baseIncrement"] = "0.00000001",
            ["quoteIncrement"] = "0.000001", ["priceIncrement"] = "0.1", ["priceLimitRate"] = "0.1", ["minFunds"] = "0.1",
            ["isMarginEnabled"] = false, ["enableTrading"] = true, ["feeCategory"] = 1,
            ["makerFeeCoefficient"] = "1.00", ["takerFeeCoefficient"] = "1.00", ["st"] = false,
        };

        private static JsonObject Ticker() => new()
        {
            ["symbol"] = Symbol, ["symbolName"] = Symbol, ["buy"] = "99999.9", ["sell"] = "100000", ["changeRate"] = "0",
            ["changePrice"] = "0", ["high"] = "100000", ["low"] = "99999.9", ["vol"] = "1", ["volValue"] = "100000",
            ["last"] = "100000", ["averagePrice"] = "100000", ["takerFeeRate"] = "0.001", ["makerFeeRate"] = "0.001",
            ["takerCoefficient"] = "1", ["makerCoefficient"] = "1",
        };

        private static JsonObject Currency(string currency, string fullName, int precision) => new()
        {
            ["currency"] = currency, ["name"] = currency, ["fullName"] = fullName, ["precision"] = precision,
            ["confirms"] = null, ["contractAddress"] = null, ["isMarginEnabled"] = true, ["isDebitEnabled"] = true,
            ["chains"] = new JsonArray(),
        };

        private JsonArray Accounts(string? type)
        {
            decimal holds;
            lock (_gate)
            {
                holds = _openOrders.Values.Sum(o => decimal.Parse(Text(o, "size")!, CultureInfo.InvariantCulture) * decimal.Parse(Text(o, "price")!, CultureInfo.InvariantCulture));
            }

            var accounts = new JsonArray();
            if (type is null or "trade")
            {
                accounts.Add(new JsonObject { ["id"] = "5bd6e9286d99522a52e458de", ["currency"] = "USDT", ["type"] = "trade", ["balance"] = "10000", ["available"] = (10000m - holds).ToString(CultureInfo.InvariantCulture), ["holds"] = holds.ToString(CultureInfo.InvariantCulture) });
                accounts.Add(new JsonObject { ["id"] = "5bd6e9286d99522a52e458df", ["currency"] = "BTC", ["type"] = "trade", ["balance"] = "1", ["available"] = "1", ["holds"] = "0" });
            }

            return accounts;
        }

        private static string? Text(JsonObject o, string name) => o[name] is JsonValue v ? v.ToString() : null;

        private static bool Positive(string? value) =>
            decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d > 0;

        private static Dictionary<string, string> Query(string query)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                result[Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq])] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            }

            return result;
        }

        private static bool IsJson(string? contentType) =>
            MediaTypeHeaderValue.TryParse(contentType, out var mediaType) &&
            mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

        private static Dictionary<string, string> Headers(HttpRequest request)
        {
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, values) in request.Headers)
            {
                headers[name.ToLowerInvariant()] = values.ToString();
            }

            return headers;
        }

        private long Now() => (DateTimeOffset.UtcNow + _clockOffset).ToUnixTimeMilliseconds();

        private void Record(ExchangeRequest request)
        {
            lock (_gate)
            {
                _requests.Add(request);
            }
        }
    }
}
