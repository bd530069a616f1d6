using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Gate;
using Sidecar.FakeExchange.Kucoin.WebSocket;
using Sidecar.Signing.Tokens;
using Sidecar.Tests.EndToEnd;
using Sidecar.Tests.EndToEnd.Bitfinex;
using Sidecar.Tests.EndToEnd.Bybit;
using Sidecar.Tests.EndToEnd.Coinbase;
using Sidecar.Tests.EndToEnd.CoinbaseAdvanced;
using Sidecar.Tests.EndToEnd.CoinbaseExchange;
using Sidecar.Tests.EndToEnd.Deribit;
using Sidecar.Tests.EndToEnd.Gate;
using Sidecar.Tests.EndToEnd.Kraken;
using Sidecar.Tests.EndToEnd.Kucoin;
using Sidecar.Tests.EndToEnd.Okx;
using Sidecar.Tests.Infrastructure;
using Sidecar.Tests.Signing.CoinbaseAdvanced;

namespace Sidecar.Tests.Conformance;

/// <summary>The rows of <see cref="CcxtWebSocketConformanceTests"/>: each venue's ccxt pro bot and what its run must show.</summary>
internal static class CcxtWebSocketVenues
{
    // Declared before All, which reads them while the class initializes.
    private static readonly string[] OrderEntrySteps = ["loadMarkets", "watchBalance", "createOrderWs", "watchOrders", "fetchOpenOrders", "cancelOrderWs"];
    private static readonly string[] CoinbaseFeedSteps = ["loadMarkets", "watchTicker", "createOrder", "watchOrders", "cancelOrder"];

    public static IReadOnlyList<CcxtWebSocketVenue> All { get; } =
    [
        .. Binance("binance-hmac", "hmac"),
        .. Binance("binance-ed25519", "ed25519"),

        // watchBalance and watchOrders on the private stream, createOrderWs and cancelOrderWs on order entry, the REST
        // calls ccxt makes on the way (markets, isUnifiedEnabled, open orders) through the REST venue.
        new("bybit", "bybit-ws-bot.mjs", BybitWebSocketFakeValidationTests.Steps, StartBybitAsync),

        // watchBalance, watchOrders, createOrderWs (batch-orders, the instrument named by instIdCode as ccxt does) and
        // cancelOrderWs over one logged-in /ws/v5/private connection, markets and open orders over REST.
        new("okx", "okx-ws-bot.mjs", OkxWebSocketFakeValidationTests.Steps, StartOkxAsync),

        // watchBalance (spot, and futures with the user id), createOrderWs (login, then order_place), watchOrders,
        // cancelOrderWs; the bot's req_param signed as sent.
        new("gate", "gate-ws-bot.mjs", GateWebSocketFakeValidationTests.Steps, StartGateAsync)
        {
            BotEnvironment = new Dictionary<string, string> { ["GATE_UID"] = FakeGate.UserId, ["ORDER_AMOUNT"] = "0.002" },
        },

        // GetWebSocketsToken over REST, then watchBalance, createOrderWs, watchOrders and cancelOrderWs over WebSocket
        // v2. With order guards the bot only ever holds Sidecar's placeholder and the fake sees only the real token it
        // minted; without guards (no guard, OrdersPer10Seconds 0) the real token passes, the documented trade-off.
        new("kraken-guarded", "kraken-ws-bot.mjs", OrderEntrySteps, token => StartKrakenAsync(token, guardsOrders: true)),
        new("kraken-unguarded", "kraken-ws-bot.mjs", OrderEntrySteps, token => StartKrakenAsync(token, guardsOrders: false)),

        // No WebSocket URL override: Sidecar rewrote the push endpoint in the bullet-private answer, so ccxt reached the
        // fake's push server through Sidecar's relay and watched its balance and its orders.
        new("kucoin", "kucoin-ws-bot.mjs", ["loadMarkets", "watchBalance", "createOrder", "watchOrders", "cancelOrder"], StartKucoinAsync),

        // REST fetchBalance, then watchBalance over the WebSocket, then an order over REST seen by watchOrders. ccxt's
        // auth nonce is in milliseconds, a thousand times below the key's REST nonces: only Sidecar's nonce, from the
        // key's one counter, gets the auth through — and REST after it still works.
        new("bitfinex", "bitfinex-ws-bot.mjs", BitfinexWebSocketFakeValidationTests.Steps, StartBitfinexAsync),

        // watchBalance (public/auth, then user.portfolio), private/buy over ccxt's own authenticated connection (ccxt
        // 4.5.84 has no createOrderWs for Deribit), watchOrders, a private/withdraw refused in Deribit's envelope on the
        // same connection, and private/cancel.
        new("deribit", "deribit-ws-bot.mjs", ["loadMarkets", "watchBalance", "buyWs", "watchOrders", "withdrawRefused", "fetchOpenOrders", "cancelWs"], StartDeribitAsync),

        // REST orders and the feed's watchTicker (public, passed through) and watchOrders (the user channel).
        new("coinbase-advanced", "coinbase-advanced-ws-bot.mjs", CoinbaseFeedSteps, StartCoinbaseAdvancedAsync)
        {
            BotEnvironment = new Dictionary<string, string> { ["PLACEHOLDER_PEM"] = CoinbaseAdvancedAccount.ThrowawayPem() },
        },
        new("coinbase-exchange", "coinbase-exchange-ws-bot.mjs", CoinbaseFeedSteps, StartCoinbaseExchangeAsync),
    ];

    /// <summary>
    /// watchBalance (spot user data now exists only on the signed WebSocket API), createOrderWs, watchOrders and
    /// cancelOrderWs, spot and USD-M, with one key type.
    /// </summary>
    private static IEnumerable<CcxtWebSocketVenue> Binance(string scheme, string keyType) =>
        from market in new[] { "spot", "usdm" }
        select new CcxtWebSocketVenue($"{scheme}/{market}", "binance-ws-bot.mjs", OrderEntrySteps, token => StartBinanceAsync(token, scheme, market))
        {
            BotEnvironment = new Dictionary<string, string> { ["MARKET"] = market, ["KEY_TYPE"] = keyType },
        };

    private static async Task<CcxtWebSocketRun> StartBinanceAsync(SoftHsmToken token, string scheme, string market)
    {
        var account = scheme == "binance-ed25519" ? await BinanceAccount.CreateEd25519Async(token) : await BinanceAccount.CreateAsync(token);
        var exchange = account.Exchange;
        var webSocket = $"ws://127.0.0.1:{exchange.BaseAddress.Port}";

        // One key for spot and USD-M: each WebSocket venue names the REST venue whose rate limits it shares.
        JsonObject WebSocketVenue(string rateLimitsFrom) => new()
        {
            ["Scheme"] = scheme,
            ["Upstream"] = webSocket,
            ["ApiKey"] = account.ApiKey,
            ["Key"] = account.KeyLabel,
            ["RateLimitsFrom"] = rateLimitsFrom,
        };

        var venues = new JsonObject
        {
            ["binance"] = SidecarUnderTest.Venue(scheme, exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.binance.com"),
            ["binance-usdm"] = SidecarUnderTest.Venue(scheme, exchange.BaseAddress, account.ApiKey, account.KeyLabel, "fapi.binance.com"),
            ["binance-ws"] = WebSocketVenue("binance"),
            ["binance-usdm-ws"] = WebSocketVenue("binance-usdm"),
            ["binance-usdm-stream"] = WebSocketVenue("binance-usdm"),
        };
        return new(account, venues, () => [.. exchange.Requests.Select(CcxtRestVenues.AsExchangeRequest)], [account.ApiKey, account.Secret])
        {
            VenueChecks = (_, _) =>
            {
                // The fake verifies every frame with its own code: only valid signatures and the real key id.
                var frames = exchange.WebSocketRequests;
                Assert.Equal(
                    market == "spot" ? ["userDataStream.subscribe.signature", "order.place", "order.cancel"] : ["order.place", "order.cancel"],
                    frames.Select(f => f.Method));
                Assert.All(frames, f =>
                {
                    Assert.True(f.Status == 200, $"{f.Method} → {f.Status} ({f.BinanceCode})");
                    Assert.Equal(SignatureCheck.Valid, f.Signature);
                    Assert.Equal(account.ApiKey, f.ApiKey);
                });
                Assert.DoesNotContain(frames, f => f.Frame.Contains("placeholder", StringComparison.Ordinal));
                Assert.All(exchange.WebSockets.Connections, c => Assert.Null(c.OfferedExtensions));
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The login-frame exchanges' WebSocket venue: the fake's WebSocket address, the key (and passphrase).</summary>
    private static JsonObject LoginFrameVenue(string scheme, Uri upstream, string apiKey, string keyLabel, string? passphraseLabel = null)
    {
        var venue = new JsonObject
        {
            ["Scheme"] = scheme,
            ["Upstream"] = upstream.ToString().TrimEnd('/'),
            ["ApiKey"] = apiKey,
            ["Key"] = keyLabel,
        };
        if (passphraseLabel is not null)
        {
            venue["Passphrase"] = passphraseLabel;
        }

        return venue;
    }

    private static async Task<CcxtWebSocketRun> StartBybitAsync(SoftHsmToken token)
    {
        var account = await BybitAccount.CreateAsync(token);
        var exchange = account.Exchange;
        var venues = new JsonObject
        {
            ["bybit"] = SidecarUnderTest.Venue("bybit-v5", exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.bybit.com"),
            ["bybit-ws"] = LoginFrameVenue("bybit-v5", exchange.WebSocketAddress, account.ApiKey, account.KeyLabel),
        };
        return new(account, venues, () => exchange.Requests, [account.ApiKey, account.Secret])
        {
            VenueChecks = (result, sidecar) =>
            {
                // The fake checks every auth frame with its own code: only valid signatures and the real key.
                var frames = exchange.WebSocketFrames;
                WebSocketBotChecks.Passed(result, BybitWebSocketFakeValidationTests.Steps, frames, exchange.Requests, sidecar.Output, account.ApiKey, account.Secret);
                var auths = frames.Where(f => f.Op == "auth").ToArray();
                Assert.Equal(["/v5/private", "/v5/trade"], auths.Select(f => f.Path).Order(StringComparer.Ordinal));
                Assert.All(auths, f => Assert.Equal((SignatureCheck.Valid, account.ApiKey), (f.Signature, f.ApiKey)));
                Assert.Equal(["order.create", "order.cancel"], frames.Where(f => f.Path == "/v5/trade" && f.Op != "auth").Select(f => f.Op));
                Assert.Contains(frames, f => f.Op == "subscribe" && f.Frame.Contains("wallet", StringComparison.Ordinal));
                return Task.CompletedTask;
            },
        };
    }

    private static async Task<CcxtWebSocketRun> StartOkxAsync(SoftHsmToken token)
    {
        var account = await OkxAccount.CreateAsync(token);
        var exchange = account.Exchange;
        var venues = new JsonObject
        {
            ["okx"] = SidecarUnderTest.VenueWithPassphrase("okx-v5", exchange.BaseAddress, account.ApiKey, account.KeyLabel, account.PassphraseLabel, "www.okx.com"),
            ["okx-ws"] = LoginFrameVenue("okx-v5", exchange.WebSocketAddress, account.ApiKey, account.KeyLabel, account.PassphraseLabel),
        };
        return new(account, venues, () => exchange.Requests, [account.Passphrase, account.ApiKey, account.Secret])
        {
            VenueChecks = (result, sidecar) =>
            {
                // The fake checks the login with its own code: only valid signatures, the real key and passphrase.
                var frames = exchange.WebSocketFrames;
                WebSocketBotChecks.Passed(result, OkxWebSocketFakeValidationTests.Steps, frames, exchange.Requests, sidecar.Output, account.Passphrase, account.ApiKey, account.Secret);
                var login = Assert.Single(frames, f => f.Op == "login");
                Assert.Equal(("/ws/v5/private", SignatureCheck.Valid, account.ApiKey), (login.Path, login.Signature, login.ApiKey));
                Assert.Contains(account.Passphrase, login.Frame, StringComparison.Ordinal);
                Assert.Equal(["batch-orders", "cancel-order"], frames.Where(f => f.Op is "batch-orders" or "cancel-order").Select(f => f.Op));
                return Task.CompletedTask;
            },
        };
    }

    private static async Task<CcxtWebSocketRun> StartGateAsync(SoftHsmToken token)
    {
        var account = await GateAccount.CreateAsync(token);
        var venues = new JsonObject
        {
            ["gate"] = SidecarUnderTest.Venue("gate-v4", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.gateio.ws"),
            ["gate-ws"] = GateWebSocketCcxtTests.Guarded(account.WebSocketVenue()),
            ["gate-futures-ws"] = account.WebSocketVenue(),
        };
        return new(account, venues, () => account.Exchange.Requests, [account.ApiKey, account.Secret])
        {
            VenueChecks = (_, _) =>
            {
                // The fake verifies every frame with its own code: only valid signatures and the real key id.
                var frames = account.Exchange.WebSockets.Frames;
                Assert.Equal(["spot.balances", "futures.balances", "spot.orders", "spot.login", "spot.order_place", "spot.order_cancel"], frames.Select(f => f.Method));
                Assert.All(frames, f =>
                {
                    Assert.True(f.Error is null, $"{f.Method}: {f.Error}");
                    Assert.Equal(SignatureCheck.Valid, f.Signature);
                    Assert.Equal(account.ApiKey, f.ApiKey);
                });
                Assert.DoesNotContain(frames, f => f.Frame.Contains("placeholder", StringComparison.Ordinal));

                // The order's req_param reached Gate byte for byte as ccxt wrote it (its textIsRequired flag included),
                // and was signed as such; the login was signed over ccxt's "{}".
                var order = Assert.Single(frames, f => f.Method == "spot.order_place");
                using (var sent = JsonDocument.Parse(order.Frame))
                {
                    var param = sent.RootElement.GetProperty("payload").GetProperty("req_param").GetRawText();
                    Assert.Contains("\"textIsRequired\":true", param, StringComparison.Ordinal);
                    Assert.Contains("\n" + param + "\n", order.SignedPayload, StringComparison.Ordinal);
                }

                Assert.StartsWith("api\nspot.login\n{}\n", Assert.Single(frames, f => f.Method == "spot.login").SignedPayload, StringComparison.Ordinal);
                return Task.CompletedTask;
            },
        };
    }

    private static async Task<CcxtWebSocketRun> StartKrakenAsync(SoftHsmToken token, bool guardsOrders)
    {
        var account = await KrakenAccount.CreateAsync(token);
        var exchange = account.Exchange;
        var policy = guardsOrders
            ? new JsonObject { ["Symbols"] = new JsonArray("XBTUSD", "BTC/USD"), ["MaxOrderNotional"] = 1000 }
            : new JsonObject { ["OrdersPer10Seconds"] = 0 };
        var rest = SidecarUnderTest.Venue("kraken", exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.kraken.com");
        rest["Policy"] = policy;
        var webSocket = SidecarUnderTest.Venue("kraken", new Uri($"ws://127.0.0.1:{exchange.BaseAddress.Port}"), account.ApiKey, account.KeyLabel);
        webSocket["Policy"] = policy.DeepClone();
        return new(account, new JsonObject { ["kraken"] = rest, ["kraken-ws"] = webSocket }, () => exchange.Requests, [account.SecretBase64, account.ApiKey])
        {
            VenueChecks = (result, sidecar) =>
            {
                Assert.Equal(guardsOrders, result.Step("watchBalance")!["tokenIsPlaceholder"]!.GetValue<bool>());

                // The fake minted one token and saw only that one: every private frame arrived with it, none with a
                // placeholder; Sidecar never writes it down.
                var minted = Assert.Single(exchange.WebSocketTokens);
                var frames = exchange.WebSocket.Frames.Where(f => f.Method != "ping").ToList();
                Assert.Equal(["subscribe", "subscribe", "add_order", "cancel_order"], frames.Select(f => f.Method));
                Assert.All(frames, f =>
                {
                    Assert.True(f.Success, $"{f.Method}: {f.Error}");
                    Assert.Equal(SignatureCheck.Valid, f.TokenCheck);
                    Assert.Equal(minted, f.Token);
                });
                Assert.DoesNotContain(exchange.WebSocket.Frames, f => f.Frame.Contains(TokenVault.Prefix, StringComparison.Ordinal));
                Assert.All(exchange.Requests.Where(r => r.Path.StartsWith("/0/private/", StringComparison.Ordinal)), r => Assert.Equal(account.ApiKey, r.Headers["api-key"]));
                Assert.DoesNotContain(minted, sidecar.Output, StringComparison.Ordinal);
                return Task.CompletedTask;
            },
        };
    }

    private static async Task<CcxtWebSocketRun> StartKucoinAsync(SoftHsmToken token)
    {
        var account = await KucoinAccount.CreateAsync(token);
        var exchange = account.Exchange;
        var venues = new JsonObject
        {
            ["kucoin"] = SidecarUnderTest.VenueWithPassphrase("kucoin", exchange.BaseAddress, account.ApiKey, account.KeyLabel, account.PassphraseLabel, "api.kucoin.com"),
            ["kucoin-push"] = SidecarUnderTest.VenueWithPassphrase("kucoin", new Uri($"ws://127.0.0.1:{exchange.BaseAddress.Port}"), account.ApiKey, account.KeyLabel, account.PassphraseLabel),
        };
        return new(account, venues, () => exchange.Requests, [account.Secret, account.Passphrase, account.ApiKey])
        {
            VenueChecks = (result, sidecar) =>
            {
                Assert.Equal($"ws://127.0.0.1:{sidecar.ProxyUrl.Port}/kucoin-push{FakeKucoinPush.Path}", result.Step("watchBalance")!["endpoint"]!.GetValue<string>());

                // The push server saw the private token the fake minted on the only connection it got.
                var push = exchange.Push;
                var connection = Assert.Single(push.Connections);
                Assert.Equal(KucoinPushToken.Private, connection.Token);
                Assert.Contains("connectId=private", connection.Query, StringComparison.Ordinal);
                var subscribes = push.Frames.Where(f => f.Type == "subscribe").ToList();
                Assert.Equal([FakeKucoinPush.BalanceTopic, FakeKucoinPush.OrdersTopic], subscribes.Select(f => f.Topic));
                Assert.All(push.Frames, f => Assert.True(f.ErrorCode is null, f.Frame));
                Assert.Contains(exchange.Requests, r => r.Path == "/api/v1/bullet-private" && r.Signature == SignatureCheck.Valid);

                // The push token passes to the bot (it can only read), but Sidecar never writes it down.
                var pushToken = System.Web.HttpUtility.ParseQueryString(connection.Query)["token"];
                Assert.False(string.IsNullOrEmpty(pushToken));
                Assert.DoesNotContain(pushToken, sidecar.Output, StringComparison.Ordinal);
                return Task.CompletedTask;
            },
        };
    }

    private static async Task<CcxtWebSocketRun> StartBitfinexAsync(SoftHsmToken token)
    {
        var account = await BitfinexAccount.CreateAsync(token);
        var venues = account.Venues();
        var webSocket = account.WebSocketVenue();
        webSocket["RateLimitsFrom"] = "bitfinex";
        venues["bitfinex-ws"] = webSocket;
        return new(account, venues, () => account.Exchange.Requests, [account.ApiKey, account.Secret])
        {
            VenueChecks = (_, _) =>
            {
                var auth = Assert.Single(account.Exchange.WebSockets.Frames);
                Assert.Equal(("auth", SignatureCheck.Valid, account.ApiKey, null), (auth.Method, auth.Signature, auth.ApiKey, auth.Error));
                Assert.DoesNotContain("placeholder", auth.Frame, StringComparison.Ordinal);

                // One strictly increasing sequence for the key: REST wallets < WebSocket auth < REST submit < REST cancel.
                using var frame = JsonDocument.Parse(auth.Frame);
                var wsNonce = frame.RootElement.GetProperty("authNonce").GetInt64();
                var rest = account.Exchange.Requests.Where(r => r.Path.StartsWith("/v2/auth/", StringComparison.Ordinal))
                    .Select(r => (r.Path, Nonce: long.Parse(r.Headers["bfx-nonce"], CultureInfo.InvariantCulture))).ToList();
                Assert.Equal(["/v2/auth/r/wallets", "/v2/auth/w/order/submit", "/v2/auth/w/order/cancel"], rest.Select(r => r.Path));
                Assert.True(rest[0].Nonce < wsNonce && wsNonce < rest[1].Nonce, $"REST {rest[0].Nonce}, WebSocket {wsNonce}, REST {rest[1].Nonce}");
                Assert.Equal("AUTH" + wsNonce.ToString(CultureInfo.InvariantCulture), frame.RootElement.GetProperty("authPayload").GetString());
                Assert.All(account.Exchange.Requests, r => Assert.True(r.ErrorCode is null, $"{r.Path}: {r.ErrorCode}"));
                return Task.CompletedTask;
            },
        };
    }

    private static async Task<CcxtWebSocketRun> StartDeribitAsync(SoftHsmToken token)
    {
        var account = await DeribitAccount.CreateAsync(token);
        var venues = new JsonObject { ["deribit"] = account.Venue(), ["deribit-ws"] = account.WebSocketVenue() };
        return new(account, venues, () => account.Exchange.Requests, [account.ClientSecret, account.ClientId])
        {
            VenueChecks = (result, sidecar) =>
            {
                // The bot sees only placeholder tokens.
                var lines = string.Join('\n', result.Lines);
                Assert.Contains("\"accessToken\":\"placeholder\",\"refreshToken\":\"placeholder\"", lines, StringComparison.Ordinal);

                // The fake verifies the login with its own code: one valid client_signature with the real client id.
                var frames = account.Exchange.WebSockets.Frames;
                Assert.Equal(["public/auth", "private/subscribe", "private/subscribe", "private/buy", "private/cancel"], frames.Select(f => f.Method));
                Assert.All(frames, f => Assert.True(f.Succeeded, $"{f.Method} → {f.ErrorCode} {f.ErrorMessage}"));
                var login = frames[0];
                Assert.Equal(("client_signature", account.ClientId, SignatureCheck.Valid), (login.GrantType, login.ClientId, login.Signature));
                Assert.DoesNotContain(frames, f => f.Frame.Contains("placeholder", StringComparison.Ordinal));

                // No token the fake issued appears in the bot's or Sidecar's output.
                var issued = account.Exchange.WebSockets.IssuedTokens;
                var output = sidecar.Output;
                Assert.Equal(2, issued.Count);
                Assert.All(issued, t =>
                {
                    Assert.DoesNotContain(t, lines, StringComparison.Ordinal);
                    Assert.DoesNotContain(t, output, StringComparison.Ordinal);
                });
                return Task.CompletedTask;
            },
        };
    }

    private static async Task<CcxtWebSocketRun> StartCoinbaseAdvancedAsync(SoftHsmToken token)
    {
        var account = await CoinbaseAdvancedAccount.CreateAsync(token);
        var venues = new JsonObject
        {
            ["coinbase-advanced"] = account.Venue(),
            ["coinbase-advanced-ws"] = LoginFrameVenue("coinbase-advanced", account.Exchange.WebSocketAddress, account.KeyName, account.KeyLabel),
        };
        return new(account, venues, () => account.Exchange.Requests, [account.KeyName])
        {
            VenueChecks = (result, _) =>
            {
                // Market data went as ccxt sent it; the user subscribe was rebuilt: the JWT is the venue's, for the real
                // key name, without a uri.
                var user = CoinbaseFeedSetup.AssertWatchedTickerAndOrders(result, account.Exchange.FeedMessages,
                    """{"type":"subscribe","product_ids":["BTC-USD"],"channel":"ticker"}""", account.KeyName);
                var frame = JsonDocument.Parse(user.Frame).RootElement;
                var jwt = Jwt.FromAuthorization("Bearer " + frame.GetProperty("jwt").GetString());
                Assert.Equal("cdp", jwt.Claims.GetProperty("iss").GetString());
                Assert.False(jwt.Claims.TryGetProperty("uri", out var _));
                Assert.False(jwt.Claims.TryGetProperty("aud", out var _));
                Assert.All(account.Exchange.FeedConnections, c => Assert.Null(c.OfferedExtensions));
                return Task.CompletedTask;
            },
        };
    }

    private static async Task<CcxtWebSocketRun> StartCoinbaseExchangeAsync(SoftHsmToken token)
    {
        var account = await CoinbaseExchangeAccount.CreateAsync(token);
        var webSocket = account.Venue();
        webSocket["Upstream"] = account.Exchange.WebSocketAddress.ToString().TrimEnd('/');
        webSocket.Remove("Hosts");
        var auditPath = Path.Combine(token.Directory, $"audit-{Guid.NewGuid():N}.jsonl");
        string[] secrets = [account.Passphrase, account.Secret, account.ApiKey, token.Pin];
        return new(account, new JsonObject { ["coinbase-exchange"] = account.Venue(), ["coinbase-exchange-ws"] = webSocket }, () => account.Exchange.Requests, secrets)
        {
            Configure = config => config["Audit"] = new JsonObject { ["Path"] = auditPath },
            VenueChecks = async (result, _) =>
            {
                // The user channel on ccxt's authenticated `url + '?'` connection: its key, passphrase and signature put
                // in by Sidecar; the passphrase reaches the fake and nothing else.
                var user = CoinbaseFeedSetup.AssertWatchedTickerAndOrders(result, account.Exchange.FeedMessages,
                    """{"type":"subscribe","product_ids":["BTC-USD"],"channels":["ticker"]}""", account.ApiKey);
                Assert.Equal(account.Passphrase, JsonDocument.Parse(user.Frame).RootElement.GetProperty("passphrase").GetString());

                // ccxt keeps its authenticated client apart by a trailing '?'; Node's ws sends an empty query as none,
                // and Sidecar opens the exchange's feed at its root either way.
                Assert.Equal(2, account.Exchange.FeedConnections.Count);
                Assert.All(account.Exchange.FeedConnections, c => Assert.Equal(("/", "/", (string?)null), (c.Path, c.RawTarget, c.OfferedExtensions)));

                // The feed's subscribe is in the audit chain; no secret is in the audit.
                await Eventually.UntilAsync(() => File.Exists(auditPath) && File.ReadAllText(auditPath).Contains("\"method\":\"WS\"", StringComparison.Ordinal), "the subscribe's audit record");
                var audit = await File.ReadAllTextAsync(auditPath);
                Assert.Contains(audit.Split('\n'), l => l.Contains("\"method\":\"WS\"", StringComparison.Ordinal) && l.Contains("\"path\":\"/ subscribe\"", StringComparison.Ordinal));
                Assert.All(secrets, secret => Assert.DoesNotContain(secret, audit, StringComparison.Ordinal));
            },
        };
    }
}
