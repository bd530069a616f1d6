using Sidecar.FakeExchange.Okx.WebSocket;

namespace Sidecar.FakeExchange.Okx;

/// <summary>
/// A fake OKX V5 (spot) written from OKX's public API docs: it checks the API key, passphrase, HMAC-SHA256
/// signature and timestamp with its own code (<see cref="OkxAuthenticator"/>), answers in V5's envelope
/// (<c>code</c>/<c>msg</c>/<c>data</c>), and serves what a ccxt bot needs: spot instruments (BTC-USDT), currencies,
/// the trading-account balance, and placing (single or batch), listing and cancelling limit orders. Records every
/// request. Its v5 WebSocket API (<c>/ws/v5/private</c>, <c>/ws/v5/business</c>, <c>/ws/v5/public</c>) shares the
/// listener, the key and the order book (<see cref="OkxWebSocketApi"/>). Listens on 127.0.0.1 only.
/// </summary>
public sealed class FakeOkx : FakeSocketExchangeServer
{
    /// <summary>BTC-USDT's <c>instIdCode</c> in the instruments answer (what ccxt puts in WebSocket orders instead of instId).</summary>
    public const long InstIdCode = 10458;

    private readonly State _state;
    private readonly OkxWebSocketApi _webSockets;

    private FakeOkx(FakeOkxOptions options)
    {
        _state = new State(options, Journal);
        _webSockets = new OkxWebSocketApi(options, _state);
    }

    /// <summary>
    /// When set, every login is answered as OKX answers a request it cannot parse: an error event quoting the frame
    /// back (<c>"msg":"Illegal request: {…}"</c>), passphrase included.
    /// </summary>
    public bool QuoteLoginsAsIllegal
    {
        get => _webSockets.QuoteLoginsAsIllegal;
        set => _webSockets.QuoteLoginsAsIllegal = value;
    }

    public static async Task<FakeOkx> StartAsync(FakeOkxOptions options, CancellationToken cancellationToken = default)
    {
        FakeKeyOptions.Check(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Passphrase);
        return await ListenAsync(new FakeOkx(options), options.Port, cancellationToken);
    }

    private protected override FakeWebSockets Sockets => _webSockets.Sockets;

    private protected override Task HandleRestAsync(HttpContext context) => _state.HandleAsync(context);

    private protected override void OnStopped()
    {
        _state.Forget();
        _webSockets.Forget();
    }

    private sealed class State : FakeAccount, IOkxAccount
    {
        private const string InstId = "BTC-USDT";

        private readonly OkxAuthenticator _authenticator;
        private readonly FakeKeyPermissions _permissions;
        private long _nextOrderId = 600_000_000_000_000_000;

        public State(FakeOkxOptions options, ExchangeRequestJournal journal)
            : base(journal, options.Secret, options.ClockOffset)
        {
            _permissions = options.KeyPermissions;
            _authenticator = new OkxAuthenticator(options.ApiKey, Secret, options.Passphrase, Clock);
        }

        public async Task HandleAsync(HttpContext context)
        {
            var incoming = await FakeRestRequest.ReadAsync(context);
            var request = context.Request;
            var (path, query, body) = (incoming.Path, incoming.Query, incoming.ReaderBody);

            var signature = SignatureCheck.NotRequired;
            OkxError? error;
            JsonArray? data = null;
            var route = (request.Method, path);
            var isPublic = route is ("GET", "/api/v5/public/instruments") or ("GET", "/api/v5/public/time");
            var isPrivate = route is ("GET", "/api/v5/asset/currencies") or ("GET", "/api/v5/account/balance") or ("GET", "/api/v5/account/config")
                or ("GET", "/api/v5/trade/orders-pending") or ("POST", "/api/v5/trade/order")
                or ("POST", "/api/v5/trade/batch-orders") or ("POST", "/api/v5/trade/cancel-order");
            if (!isPublic && !isPrivate)
            {
                error = new OkxError(404, "50000", "Not Found");
            }
            else
            {
                error = null;
                if (isPrivate)
                {
                    (signature, error) = _authenticator.Authenticate(request, path, query, body);
                }

                if (error is null && request.Method == "POST" && !FakeHttp.IsJson(request.ContentType))
                {
                    error = new OkxError(400, "50000", "Body for POST request cannot be empty or must be application/json.");
                }

                if (error is null)
                {
                    (data, error) = Dispatch(path, query, body);
                }
            }

            var envelope = new JsonObject
            {
                ["code"] = error?.Code ?? "0",
                ["msg"] = error?.Msg ?? "",
                ["data"] = data ?? new JsonArray(),
            };
            await incoming.AnswerAsync(Journal, body, signature, error?.Status ?? 200, error?.Code, envelope.ToJsonString());
        }

        // OKX's docs: perm is a comma-separated list of read_only, trade and withdraw; ip the bound IPs, "" when none.
        private JsonObject AccountConfig() => new()
        {
            ["uid"] = "44705892343619584",
            ["mainUid"] = "44705892343619584",
            ["acctLv"] = "1",
            ["posMode"] = "net_mode",
            ["autoLoan"] = false,
            ["level"] = "Lv1",
            ["label"] = "sidecar-fake",
            ["perm"] = _permissions.Withdrawals ? "read_only,trade,withdraw" : "read_only,trade",
            ["ip"] = _permissions.IpRestricted ? "203.0.113.7" : "",
        };

        private (JsonArray? Data, OkxError? Error) Dispatch(string path, string query, string body)
        {
            switch (path)
            {
                case "/api/v5/public/time":
                    return (new JsonArray(new JsonObject { ["ts"] = Now().ToString(CultureInfo.InvariantCulture) }), null);
                case "/api/v5/public/instruments":
                    return FakeHttp.Query(query).GetValueOrDefault("instType") == "SPOT"
                        ? (new JsonArray(Instrument()), null)
                        : (null, new OkxError(400, "51000", "Parameter instType error (this fake serves SPOT)"));
                case "/api/v5/asset/currencies":
                    return (new JsonArray(Currency("BTC", "Bitcoin", "BTC-Bitcoin"), Currency("USDT", "Tether", "USDT-TRC20")), null);
                case "/api/v5/account/balance":
                    return (new JsonArray(Balance()), null);
                case "/api/v5/account/config":
                    return (new JsonArray(AccountConfig()), null);
                case "/api/v5/trade/orders-pending":
                    return (OpenOrderArray(), null);

                case "/api/v5/trade/order":
                case "/api/v5/trade/batch-orders":
                    return Place(path, body);
                default:
                    return Cancel(body);
            }
        }

        public event Action<JsonObject>? OrderChanged;

        public (JsonArray? Data, OkxError? Error) PlaceOrders(string ordersJson) => Place("/api/v5/trade/batch-orders", ordersJson);

        public (JsonArray? Data, OkxError? Error) CancelOrder(string orderJson) => Cancel(orderJson);

        public JsonObject Account() => Balance();

        private (JsonArray?, OkxError?) Place(string path, string body)
        {
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                return (null, new OkxError(400, "50002", "Json data format error"));
            }

            var orders = path.EndsWith("batch-orders", StringComparison.Ordinal)
                ? parsed as JsonArray
                : parsed is JsonObject single ? new JsonArray(single.DeepClone()) : null;
            if (orders is null || orders.Count == 0)
            {
                return (null, new OkxError(400, "50002", "Json data format error"));
            }

            var results = new JsonArray();
            foreach (var order in orders)
            {
                if (order is not JsonObject o || FakeHttp.Text(o, "instId") != InstId || FakeHttp.Text(o, "tdMode") != "cash" ||
                    FakeHttp.Text(o, "side") is not ("buy" or "sell") || FakeHttp.Text(o, "ordType") != "limit" ||
                    !FakeHttp.Positive(FakeHttp.Text(o, "sz")) || !FakeHttp.Positive(FakeHttp.Text(o, "px")))
                {
                    return (null, new OkxError(200, "51000", "Parameter error: instId BTC-USDT, tdMode cash, side, ordType limit, sz and px are required"));
                }

                var ordId = Interlocked.Increment(ref _nextOrderId).ToString(CultureInfo.InvariantCulture);
                var stored = new JsonObject
                {
                    ["instType"] = "SPOT", ["instId"] = InstId, ["ordId"] = ordId, ["clOrdId"] = FakeHttp.Text(o, "clOrdId") ?? "",
                    ["tag"] = FakeHttp.Text(o, "tag") ?? "", ["px"] = FakeHttp.Text(o, "px"), ["sz"] = FakeHttp.Text(o, "sz"), ["ordType"] = "limit",
                    ["side"] = FakeHttp.Text(o, "side"), ["tdMode"] = "cash", ["state"] = "live", ["accFillSz"] = "0", ["avgPx"] = "",
                    ["fee"] = "0", ["feeCcy"] = "BTC", ["cTime"] = Now().ToString(CultureInfo.InvariantCulture),
                    ["uTime"] = Now().ToString(CultureInfo.InvariantCulture),
                };
                lock (Gate)
                {
                    Book[ordId] = stored;
                }

                OrderChanged?.Invoke((JsonObject)stored.DeepClone());

                results.Add(new JsonObject
                {
                    ["ordId"] = ordId, ["clOrdId"] = FakeHttp.Text(o, "clOrdId") ?? "", ["tag"] = FakeHttp.Text(o, "tag") ?? "",
                    ["ts"] = Now().ToString(CultureInfo.InvariantCulture), ["sCode"] = "0", ["sMsg"] = "Order placed",
                });
            }

            return (results, null);
        }

        private (JsonArray?, OkxError?) Cancel(string body)
        {
            JsonObject? request;
            try
            {
                request = JsonNode.Parse(body) as JsonObject;
            }
            catch (JsonException)
            {
                return (null, new OkxError(400, "50002", "Json data format error"));
            }

            lock (Gate)
            {
                var ordId = request is null ? null : FakeHttp.Text(request, "ordId");
                var clOrdId = request is null ? null : FakeHttp.Text(request, "clOrdId");
                var order = ordId is not null
                    ? Book.GetValueOrDefault(ordId)
                    : Book.Values.FirstOrDefault(o => clOrdId is not null && FakeHttp.Text(o, "clOrdId") == clOrdId);
                if (order is null || request is null || FakeHttp.Text(request, "instId") != InstId)
                {
                    return (new JsonArray(new JsonObject { ["ordId"] = ordId ?? "", ["clOrdId"] = clOrdId ?? "", ["sCode"] = "51400", ["sMsg"] = "Order cancellation failed as the order has been filled, canceled or does not exist." }),
                        new OkxError(200, "1", "All operations failed"));
                }

                Book.Remove(FakeHttp.Text(order, "ordId")!);
                var cancelled = (JsonObject)order.DeepClone();
                cancelled["state"] = "canceled";
                cancelled["uTime"] = Now().ToString(CultureInfo.InvariantCulture);
                OrderChanged?.Invoke(cancelled);
                return (new JsonArray(new JsonObject
                {
                    ["ordId"] = FakeHttp.Text(order, "ordId"), ["clOrdId"] = FakeHttp.Text(order, "clOrdId"),
                    ["ts"] = Now().ToString(CultureInfo.InvariantCulture), ["sCode"] = "0", ["sMsg"] = "",
                }), null);
            }
        }

        private static JsonObject Instrument() => new()
        {
            ["alias"] = "", ["baseCcy"] = "BTC", ["category"] = "1", ["ctMult"] = "", ["ctType"] = "", ["ctVal"] = "",
            ["ctValCcy"] = "", ["expTime"] = "", ["instFamily"] = "", ["instId"] = InstId, ["instType"] = "SPOT",
            ["lever"] = "10", ["listTime"] = "1606468572000", ["lotSz"] = "0.00000001", ["maxLmtAmt"] = "20000000",
            ["maxLmtSz"] = "9999999999", ["maxMktAmt"] = "1000000", ["maxMktSz"] = "1000000", ["minSz"] = "0.00001",
            ["optType"] = "", ["quoteCcy"] = "USDT", ["settleCcy"] = "", ["state"] = "live", ["stk"] = "",
            ["tickSz"] = "0.1", ["uly"] = "", ["instIdCode"] = InstIdCode,
        };

        private static JsonObject Currency(string ccy, string name, string chain) => new()
        {
            ["ccy"] = ccy, ["name"] = name, ["chain"] = chain, ["canDep"] = true, ["canWd"] = true, ["canInternal"] = true,
            ["minDep"] = "0.00005", ["minWd"] = "0.001", ["maxWd"] = "500", ["wdTickSz"] = "8", ["minFee"] = "0.0001",
            ["maxFee"] = "0.0002", ["mainNet"] = true, ["logoLink"] = "",
        };

        private JsonObject Balance()
        {
            decimal frozen;
            lock (Gate)
            {
                frozen = Book.Values.Sum(o => decimal.Parse(FakeHttp.Text(o, "sz")!, CultureInfo.InvariantCulture) * decimal.Parse(FakeHttp.Text(o, "px")!, CultureInfo.InvariantCulture));
            }

            var now = Now().ToString(CultureInfo.InvariantCulture);
            return new JsonObject
            {
                ["totalEq"] = "10000", ["uTime"] = now,
                ["details"] = new JsonArray(
                    new JsonObject { ["ccy"] = "USDT", ["eq"] = "10000", ["cashBal"] = "10000", ["availBal"] = (10000m - frozen).ToString(CultureInfo.InvariantCulture), ["frozenBal"] = frozen.ToString(CultureInfo.InvariantCulture), ["uTime"] = now },
                    new JsonObject { ["ccy"] = "BTC", ["eq"] = "1", ["cashBal"] = "1", ["availBal"] = "1", ["frozenBal"] = "0", ["uTime"] = now }),
            };
        }
    }
}
