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
public sealed class FakeKucoin : FakeExchangeServer
{
    private readonly State _state;

    private FakeKucoin(FakeKucoinOptions options)
    {
        _state = new State(options, Journal);
    }

    /// <summary>The push WebSocket (<c>ws://…/endpoint</c>): what it received, connections, the endpoint bullets name.</summary>
    public FakeKucoinPush Push => _state.Push;

    public static async Task<FakeKucoin> StartAsync(FakeKucoinOptions options, CancellationToken cancellationToken = default)
    {
        FakeKeyOptions.Check(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Passphrase);
        var fake = await ListenAsync(new FakeKucoin(options), options.Port, cancellationToken);
        fake.Push.Endpoint = new UriBuilder(fake.BaseAddress) { Scheme = "ws", Path = FakeKucoinPush.Path }.Uri.ToString();
        return fake;
    }

    public void ClearRequests() => Journal.Clear();

    private protected override Task HandleAsync(HttpContext context) => _state.HandleAsync(context);

    private protected override void OnStopping() => _state.Push.Stop();

    private protected override void OnStopped() => _state.Forget();

    private sealed class State : FakeAccount
    {
        private const string Symbol = "BTC-USDT";
        private const string OrdersPath = "/api/v1/orders";

        private readonly KucoinAuthenticator _authenticator;
        private readonly FakeKeyPermissions _permissions;
        private long _nextOrderId = 0x6700_0000_0000_0000;

        public State(FakeKucoinOptions options, ExchangeRequestJournal journal)
            : base(journal, options.Secret, options.ClockOffset)
        {
            _permissions = options.KeyPermissions;
            _authenticator = new KucoinAuthenticator(options.ApiKey, Secret, options.Passphrase, Now);
        }

        public FakeKucoinPush Push { get; } = new();

        public async Task HandleAsync(HttpContext context)
        {
            if (context.WebSockets.IsWebSocketRequest && LoopbackServer.RawTarget(context).Path == FakeKucoinPush.Path)
            {
                await Push.HandleAsync(context);
                return;
            }

            var incoming = await FakeRestRequest.ReadAsync(context);
            var request = context.Request;
            var (path, query, body) = (incoming.Path, incoming.Query, incoming.ReaderBody);

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

                if (error is null && request.Method == "POST" && body.Length > 0 && !FakeHttp.IsJson(request.ContentType))
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
            await incoming.AnswerAsync(Journal, body, signature, error?.Status ?? 200, error?.Code, envelope.ToJsonString());
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
                    return (Accounts(FakeHttp.Query(query).GetValueOrDefault("type")), null);
                case ("GET", OrdersPath):
                    var items = OpenOrderArray();
                    return (new JsonObject { ["currentPage"] = 1, ["pageSize"] = 50, ["totalNum"] = items.Count, ["totalPage"] = 1, ["items"] = items }, null);

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

            if (order is null || FakeHttp.Text(order, "symbol") != Symbol || FakeHttp.Text(order, "side") is not ("buy" or "sell") ||
                (FakeHttp.Text(order, "type") ?? "limit") != "limit" || string.IsNullOrEmpty(FakeHttp.Text(order, "clientOid")) ||
                !FakeHttp.Positive(FakeHttp.Text(order, "size")) || !FakeHttp.Positive(FakeHttp.Text(order, "price")))
            {
                return (null, new KucoinError(200, "400100", "Parameter error: symbol BTC-USDT, side, clientOid, type limit, size and price are required"));
            }

            var orderId = Interlocked.Increment(ref _nextOrderId).ToString("x24", CultureInfo.InvariantCulture);
            var stored = new JsonObject
            {
                ["id"] = orderId, ["symbol"] = Symbol, ["opType"] = "DEAL", ["type"] = "limit", ["side"] = FakeHttp.Text(order, "side"),
                ["price"] = FakeHttp.Text(order, "price"), ["size"] = FakeHttp.Text(order, "size"), ["funds"] = "0", ["dealFunds"] = "0",
                ["dealSize"] = "0", ["fee"] = "0", ["feeCurrency"] = "USDT", ["timeInForce"] = "GTC", ["isActive"] = true,
                ["cancelExist"] = false, ["clientOid"] = FakeHttp.Text(order, "clientOid"), ["createdAt"] = Now(),
                ["tradeType"] = "TRADE",
            };
            lock (Gate)
            {
                Book[orderId] = stored;
            }

            Push.OrderChanged(stored, "open");
            return (new JsonObject { ["orderId"] = orderId }, null);
        }

        private (JsonNode?, KucoinError?) Cancel(string orderId)
        {
            JsonObject? cancelled;
            lock (Gate)
            {
                if (!Book.Remove(orderId, out cancelled))
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
            lock (Gate)
            {
                holds = Book.Values.Sum(o => decimal.Parse(FakeHttp.Text(o, "size")!, CultureInfo.InvariantCulture) * decimal.Parse(FakeHttp.Text(o, "price")!, CultureInfo.InvariantCulture));
            }

            var accounts = new JsonArray();
            if (type is null or "trade")
            {
                accounts.Add(new JsonObject { ["id"] = "5bd6e9286d99522a52e458de", ["currency"] = "USDT", ["type"] = "trade", ["balance"] = "10000", ["available"] = (10000m - holds).ToString(CultureInfo.InvariantCulture), ["holds"] = holds.ToString(CultureInfo.InvariantCulture) });
                accounts.Add(new JsonObject { ["id"] = "5bd6e9286d99522a52e458df", ["currency"] = "BTC", ["type"] = "trade", ["balance"] = "1", ["available"] = "1", ["holds"] = "0" });
            }

            return accounts;
        }
    }
}
