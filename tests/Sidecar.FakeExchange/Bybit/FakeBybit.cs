using Sidecar.FakeExchange.Bybit.WebSocket;

namespace Sidecar.FakeExchange.Bybit;

/// <summary>
/// A fake Bybit V5 (spot) written from Bybit's public API docs: it checks the API key, the HMAC-SHA256 signature and
/// the timestamp with its own code (<see cref="BybitAuthenticator"/>), answers in V5's envelope
/// (<c>retCode</c>/<c>retMsg</c>/<c>result</c>/<c>retExtInfo</c>/<c>time</c>), and serves what a ccxt bot needs:
/// instruments (spot BTCUSDT), coin info, API-key and account info, the unified wallet balance, and creating,
/// listing and cancelling limit orders. Records every request. Its v5 WebSocket API (private streams, order entry,
/// public streams) shares the listener, the key and the order book (<see cref="BybitWebSocketApi"/>). Listens on
/// 127.0.0.1 only.
/// </summary>
public sealed class FakeBybit : FakeSocketExchangeServer
{
    private readonly State _state;
    private readonly BybitWebSocketApi _webSockets;

    private FakeBybit(FakeBybitOptions options)
    {
        _state = new State(options, Journal);
        _webSockets = new BybitWebSocketApi(options, _state);
    }

    public static async Task<FakeBybit> StartAsync(FakeBybitOptions options, CancellationToken cancellationToken = default)
    {
        FakeKeyOptions.Check(options);
        return await ListenAsync(new FakeBybit(options), options.Port, cancellationToken);
    }

    private protected override FakeWebSockets Sockets => _webSockets.Sockets;

    private protected override Task HandleRestAsync(HttpContext context) => _state.HandleAsync(context);

    private protected override void OnStopped()
    {
        _state.Forget();
        _webSockets.Forget();
    }

    private sealed class State : FakeAccount, IBybitAccount
    {
        private const string Symbol = "BTCUSDT";

        private readonly BybitAuthenticator _authenticator;
        private readonly string _apiKey;
        private readonly FakeKeyPermissions? _permissions;
        private long _nextOrderId = 1_000_000_000_000_000_000;

        public State(FakeBybitOptions options, ExchangeRequestJournal journal)
            : base(journal, options.Secret, options.ClockOffset)
        {
            _apiKey = options.ApiKey;
            _permissions = options.KeyPermissions;
            _authenticator = new BybitAuthenticator(options.ApiKey, Secret, Now);
        }

        public async Task HandleAsync(HttpContext context)
        {
            var incoming = await FakeRestRequest.ReadAsync(context);
            var request = context.Request;
            var (path, query, body) = (incoming.Path, incoming.Query, incoming.ReaderBody);

            var signature = SignatureCheck.NotRequired;
            BybitError? error;
            JsonNode? result = null;
            var route = (request.Method, path);
            var isPublic = route is ("GET", "/v5/market/instruments-info") or ("GET", "/v5/market/time");
            var isPrivate = route is ("GET", "/v5/asset/coin/query-info") or ("GET", "/v5/user/query-api")
                or ("GET", "/v5/account/info") or ("GET", "/v5/account/wallet-balance") or ("GET", "/v5/order/realtime")
                or ("POST", "/v5/order/create") or ("POST", "/v5/order/cancel");
            if (!isPublic && !isPrivate)
            {
                error = new BybitError(404, 10017, "Route not found");
            }
            else
            {
                error = null;
                if (isPrivate)
                {
                    (signature, error) = _authenticator.Authenticate(request, query, body);
                }

                if (error is null && request.Method == "POST" && !FakeHttp.IsJson(request.ContentType))
                {
                    error = new BybitError(200, 10001, "params error: the body must be application/json");
                }

                if (error is null)
                {
                    (result, error) = Dispatch(path, Parameters(request.Method, query, body));
                }
            }

            var envelope = new JsonObject
            {
                ["retCode"] = error?.RetCode ?? 0,
                ["retMsg"] = error?.RetMsg ?? "OK",
                ["result"] = result ?? new JsonObject(),
                ["retExtInfo"] = new JsonObject(),
                ["time"] = Now(),
            };
            await incoming.AnswerAsync(Journal, body, signature, error?.Status ?? 200,
                error is null ? null : error.RetCode.ToString(CultureInfo.InvariantCulture), envelope.ToJsonString());
        }

        private (JsonNode? Result, BybitError? Error) Dispatch(string path, Dictionary<string, string?> p)
        {
            switch (path)
            {
                case "/v5/market/time":
                    var now = Now();
                    return (new JsonObject { ["timeSecond"] = (now / 1000).ToString(CultureInfo.InvariantCulture), ["timeNano"] = (now * 1_000_000).ToString(CultureInfo.InvariantCulture) }, null);
                case "/v5/market/instruments-info":
                    return p.GetValueOrDefault("category") == "spot"
                        ? (Instruments(), null)
                        : (null, new BybitError(200, 10001, "params error: category is invalid (this fake serves spot)"));
                case "/v5/asset/coin/query-info":
                    return (new JsonObject { ["rows"] = new JsonArray(Coin("BTC", "Bitcoin"), Coin("USDT", "Tether USDT")) }, null);
                case "/v5/user/query-api":
                    return (new JsonObject
                    {
                        ["id"] = "13770661", ["note"] = "sidecar-fake", ["apiKey"] = _apiKey, ["readOnly"] = 0, ["secret"] = "",
                        ["permissions"] = new JsonObject { ["Spot"] = new JsonArray("SpotTrade"), ["Wallet"] = WalletPermissions() },
                        ["ips"] = _permissions is { IpRestricted: true } ? new JsonArray("203.0.113.7") : new JsonArray("*"),
                        ["expiredAt"] = "", ["createdAt"] = "2026-01-05T09:00:00Z", ["type"] = 1, ["unified"] = 0, ["uta"] = 1, ["isMaster"] = true,
                    }, null);
                case "/v5/account/info":
                    return (new JsonObject { ["marginMode"] = "REGULAR_MARGIN", ["unifiedMarginStatus"] = 6, ["updatedTime"] = "1697078946000" }, null);
                case "/v5/account/wallet-balance":
                    return p.GetValueOrDefault("accountType") == "UNIFIED"
                        ? (Wallet(), null)
                        : (null, new BybitError(200, 10001, "accountType only support UNIFIED."));
                case "/v5/order/realtime":
                    return (new JsonObject { ["category"] = "spot", ["list"] = OpenOrderArray(), ["nextPageCursor"] = "" }, null);

                case "/v5/order/create":
                    return Create(p);
                default:
                    return Cancel(p);
            }
        }

        // Bybit's docs: Wallet permissions are AccountTransfer, SubMemberTransfer and Withdraw (master account).
        private JsonArray WalletPermissions()
        {
            if (_permissions is null)
            {
                return new JsonArray("AccountTransfer");
            }

            var wallet = new JsonArray();
            if (_permissions.Transfers)
            {
                wallet.Add("AccountTransfer");
            }

            if (_permissions.Withdrawals)
            {
                wallet.Add("Withdraw");
            }

            return wallet;
        }

        public event Action<JsonObject>? OrderChanged;

        public (JsonNode? Result, BybitError? Error) Create(string orderJson) => Create(Parameters("POST", "", orderJson));

        public (JsonNode? Result, BybitError? Error) Cancel(string orderJson) => Cancel(Parameters("POST", "", orderJson));

        public JsonArray WalletList() => (JsonArray)Wallet()["list"]!.DeepClone();

        private (JsonNode?, BybitError?) Create(Dictionary<string, string?> p)
        {
            if (p.GetValueOrDefault("category") != "spot" || p.GetValueOrDefault("symbol") != Symbol)
            {
                return (null, new BybitError(200, 10001, "params error: category must be spot and symbol BTCUSDT"));
            }

            if (p.GetValueOrDefault("side") is not ("Buy" or "Sell") || p.GetValueOrDefault("orderType") != "Limit" ||
                !decimal.TryParse(p.GetValueOrDefault("qty"), NumberStyles.Number, CultureInfo.InvariantCulture, out var qty) || qty <= 0 ||
                !decimal.TryParse(p.GetValueOrDefault("price"), NumberStyles.Number, CultureInfo.InvariantCulture, out var price) || price <= 0)
            {
                return (null, new BybitError(200, 10001, "params error: side, orderType=Limit, qty and price are required"));
            }

            if (qty * price < 1m)
            {
                return (null, new BybitError(200, 170140, "Order value exceeded lower limit."));
            }

            var orderId = Interlocked.Increment(ref _nextOrderId).ToString(CultureInfo.InvariantCulture);
            var linkId = p.GetValueOrDefault("orderLinkId") ?? "";
            var order = new JsonObject
            {
                ["orderId"] = orderId, ["orderLinkId"] = linkId, ["symbol"] = Symbol, ["side"] = p["side"],
                ["orderType"] = "Limit", ["price"] = p["price"], ["qty"] = p["qty"], ["orderStatus"] = "New",
                ["timeInForce"] = p.GetValueOrDefault("timeInForce") ?? "GTC", ["cumExecQty"] = "0", ["cumExecValue"] = "0",
                ["avgPrice"] = "0", ["createdTime"] = Now().ToString(CultureInfo.InvariantCulture),
                ["updatedTime"] = Now().ToString(CultureInfo.InvariantCulture),
            };
            lock (Gate)
            {
                Book[orderId] = order;
            }

            OrderChanged?.Invoke((JsonObject)order.DeepClone());

            return (new JsonObject { ["orderId"] = orderId, ["orderLinkId"] = linkId }, null);
        }

        private (JsonNode?, BybitError?) Cancel(Dictionary<string, string?> p)
        {
            lock (Gate)
            {
                var id = p.GetValueOrDefault("orderId");
                var order = id is null
                    ? Book.Values.FirstOrDefault(o => (string?)o["orderLinkId"] == p.GetValueOrDefault("orderLinkId"))
                    : Book.GetValueOrDefault(id);
                if (order is null || p.GetValueOrDefault("symbol") != Symbol)
                {
                    return (null, new BybitError(200, 170213, "Order does not exist."));
                }

                Book.Remove((string)order["orderId"]!);
                var cancelled = (JsonObject)order.DeepClone();
                cancelled["orderStatus"] = "Cancelled";
                cancelled["updatedTime"] = Now().ToString(CultureInfo.InvariantCulture);
                OrderChanged?.Invoke(cancelled);
                return (new JsonObject { ["orderId"] = order["orderId"]!.DeepClone(), ["orderLinkId"] = order["orderLinkId"]!.DeepClone() }, null);
            }
        }

        private static JsonObject Instruments() => new()
        {
            ["category"] = "spot",
            ["list"] = new JsonArray(new JsonObject
            {
                ["symbol"] = Symbol, ["baseCoin"] = "BTC", ["quoteCoin"] = "USDT", ["innovation"] = "0",
                ["status"] = "Trading", ["marginTrading"] = "none",
                ["lotSizeFilter"] = new JsonObject
                {
                    ["basePrecision"] = "0.000001", ["quotePrecision"] = "0.00000001", ["minOrderQty"] = "0.000048",
                    ["maxOrderQty"] = "71.73956243", ["minOrderAmt"] = "1", ["maxOrderAmt"] = "2000000",
                },
                ["priceFilter"] = new JsonObject { ["tickSize"] = "0.01" },
            }),
            ["nextPageCursor"] = "",
        };

        private static JsonObject Coin(string coin, string name) => new()
        {
            ["name"] = name, ["coin"] = coin, ["remainAmount"] = "1000000", ["chains"] = new JsonArray(),
        };

        private JsonObject Wallet()
        {
            decimal locked;
            lock (Gate)
            {
                locked = Book.Values.Sum(o => decimal.Parse((string)o["qty"]!, CultureInfo.InvariantCulture) * decimal.Parse((string)o["price"]!, CultureInfo.InvariantCulture));
            }

            var usdt = 10000m;
            return new JsonObject
            {
                ["list"] = new JsonArray(new JsonObject
                {
                    ["accountType"] = "UNIFIED", ["totalEquity"] = "10000",
                    ["coin"] = new JsonArray(
                        new JsonObject { ["coin"] = "USDT", ["walletBalance"] = usdt.ToString(CultureInfo.InvariantCulture), ["availableToWithdraw"] = (usdt - locked).ToString(CultureInfo.InvariantCulture), ["locked"] = locked.ToString(CultureInfo.InvariantCulture), ["totalOrderIM"] = "0", ["totalPositionIM"] = "0", ["borrowAmount"] = "0", ["accruedInterest"] = "0" },
                        new JsonObject { ["coin"] = "BTC", ["walletBalance"] = "1", ["availableToWithdraw"] = "1", ["locked"] = "0", ["totalOrderIM"] = "0", ["totalPositionIM"] = "0", ["borrowAmount"] = "0", ["accruedInterest"] = "0" }),
                }),
            };
        }

        /// <summary>GET parameters come from the query string; POST parameters from the JSON body (strings and numbers).</summary>
        private static Dictionary<string, string?> Parameters(string method, string query, string body)
        {
            var result = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (method == "GET")
            {
                foreach (var (name, value) in FakeHttp.Query(query))
                {
                    result[name] = value;
                }

                return result;
            }

            if (body.Length == 0)
            {
                return result;
            }

            try
            {
                if (JsonNode.Parse(body) is JsonObject json)
                {
                    foreach (var (name, value) in json)
                    {
                        result[name] = value is JsonValue v ? v.ToString() : value?.ToJsonString();
                    }
                }
            }
            catch (JsonException)
            {
                // An unparseable body leaves the parameters empty; the handler answers params error.
            }

            return result;
        }
    }
}
