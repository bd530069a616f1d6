using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Binance.WebSocket;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Binance;

/// <summary>
/// The fake's WebSocket endpoints driven by a plain client written from Binance's docs: the request/answer envelope,
/// session authentication, the order book and user data shared with REST, and the hooks relay tests rely on (faults,
/// bursts, compression offers, server pings).
/// </summary>
public sealed class BinanceWebSocketFakeTests
{
    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"\\u00e9t\\u00e9\"")]
    [InlineData("7")]
    [InlineData("1.5e3")]
    [InlineData("null")]
    public async Task The_id_is_echoed_exactly_as_sent(string id)
    {
        await using var account = await BinanceAccount.CreateAsync(token: null);
        await using var client = await SpotClientAsync(account);

        var answer = await client.AskAsync($$"""{"id":{{id}},"method":"ping"}""");

        Assert.StartsWith($$"""{"id":{{id}},"status":200,"result":{},"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT",""", answer, StringComparison.Ordinal);
        Assert.Equal(id, Assert.Single(account.Exchange.WebSocketRequests).Id);
    }

    [Theory]
    [InlineData("""{"id":1,"method":"no.such.method"}""", "1", 400, -1020)]
    [InlineData("""not json""", "null", 400, -1102)]
    [InlineData("""{"id":2}""", "2", 400, -1102)]
    [InlineData("""{"id":3,"method":"time","params":[1]}""", "3", 400, -1102)]
    [InlineData("""{"id":4,"method":"time"} {"id":5,"method":"time"}""", "4", 400, -1102)]
    [InlineData("""{"id":6,"method":"time","params":{"a":1,"a":2}}""", "6", 400, -1101)]
    public async Task Bad_frames_are_answered_with_binances_errors(string frame, string id, int status, int code)
    {
        await using var account = await BinanceAccount.CreateAsync(token: null);
        await using var client = await SpotClientAsync(account);

        var answer = await client.AskJsonAsync(frame);

        Assert.Equal(id, answer["id"]?.ToJsonString() ?? "null");
        Assert.Equal(status, answer["status"]!.GetValue<int>());
        Assert.Equal(code, answer["error"]!["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(answer["error"]!["msg"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Rate_limits_are_reported_unless_the_request_or_the_connection_turns_them_off()
    {
        await using var account = await BinanceAccount.CreateAsync(token: null);
        await using var client = await SpotClientAsync(account);
        await using var quiet = await BinanceWsTestClient.ConnectAsync(new Uri(account.Exchange.WebSocketAddress, "/ws-api/v3?returnRateLimits=false"));

        Assert.NotNull((await client.AskJsonAsync("""{"id":1,"method":"time"}"""))["rateLimits"]);
        Assert.Null((await client.AskJsonAsync("""{"id":2,"method":"time","params":{"returnRateLimits":false}}"""))["rateLimits"]);
        Assert.Null((await quiet.AskJsonAsync("""{"id":3,"method":"time"}"""))["rateLimits"]);
        Assert.NotNull((await quiet.AskJsonAsync("""{"id":4,"method":"time","params":{"returnRateLimits":true}}"""))["rateLimits"]);
    }

    [Fact]
    public async Task A_wrong_api_key_is_refused_with_401_and_recorded()
    {
        await using var account = await BinanceAccount.CreateAsync(token: null);
        await using var client = await SpotClientAsync(account);

        var answer = await client.AskJsonAsync(BinanceWsTestClient.Frame(1, "account.status",
            BinanceWsTestClient.Signed("not-the-key", BinanceWsTestClient.Hmac(account.Secret))));

        Assert.Equal((401, -2015), (answer["status"]!.GetValue<int>(), answer["error"]!["code"]!.GetValue<int>()));
        var seen = Assert.Single(account.Exchange.WebSocketRequests);
        Assert.Equal(("not-the-key", SignatureCheck.Valid, 401, -2015), (seen.ApiKey, seen.Signature, seen.Status, seen.BinanceCode));
    }

    [Fact]
    public async Task An_ed25519_session_logs_on_trades_unsigned_and_logs_out()
    {
        var key = Ed25519TestKey.Generate();
        await using var exchange = await FakeBinance.StartAsync(new FakeBinanceOptions { ApiKey = "ed-key", Secret = [], Ed25519PublicKey = key.PublicKey });
        await using var client = await BinanceWsTestClient.ConnectAsync(new Uri(exchange.WebSocketAddress, FakeBinanceWebSockets.SpotApiPath));
        var sign = (string payload) => key.Sign(System.Text.Encoding.UTF8.GetBytes(payload));

        var logon = await client.AskJsonAsync(BinanceWsTestClient.Frame("logon", "session.logon", BinanceWsTestClient.Signed("ed-key", sign)));
        Assert.Equal(200, logon["status"]!.GetValue<int>());
        Assert.Equal("ed-key", logon["result"]!["apiKey"]!.GetValue<string>());
        Assert.False(logon["result"]!["userDataStream"]!.GetValue<bool>());

        var order = await client.AskJsonAsync(BinanceWsTestClient.Frame("o", "order.place", OrderParameters(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
        Assert.True(order["status"]!.GetValue<int>() == 200, order.ToJsonString());
        var placed = exchange.WebSocketRequests[^1];
        Assert.True(placed.SessionAuthenticated);
        Assert.Equal(SignatureCheck.NotRequired, placed.Signature);

        var status = await client.AskJsonAsync("""{"id":"s","method":"session.status"}""");
        Assert.Equal("ed-key", status["result"]!["apiKey"]!.GetValue<string>());

        var logout = await client.AskJsonAsync("""{"id":"out","method":"session.logout"}""");
        Assert.Null(logout["result"]!["apiKey"]);
        var refused = await client.AskJsonAsync(BinanceWsTestClient.Frame("o2", "order.place", OrderParameters(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
        Assert.Equal((400, -1102), (refused["status"]!.GetValue<int>(), refused["error"]!["code"]!.GetValue<int>()));
        Assert.Contains("'apiKey'", refused["error"]!["msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_hmac_key_cannot_log_on()
    {
        await using var account = await BinanceAccount.CreateAsync(token: null);
        await using var client = await SpotClientAsync(account);

        var answer = await client.AskJsonAsync(BinanceWsTestClient.Frame(1, "session.logon",
            BinanceWsTestClient.Signed(account.ApiKey, BinanceWsTestClient.Hmac(account.Secret))));

        Assert.Equal((400, -1022), (answer["status"]!.GetValue<int>(), answer["error"]!["code"]!.GetValue<int>()));
        Assert.Equal(SignatureCheck.Invalid, Assert.Single(account.Exchange.WebSocketRequests).Signature);
    }

    [Fact]
    public async Task Spot_orders_are_shared_with_rest_and_pushed_to_the_subscription()
    {
        await using var account = await BinanceAccount.CreateAsync(token: null);
        await using var client = await SpotClientAsync(account);
        var hmac = BinanceWsTestClient.Hmac(account.Secret);

        var subscribed = await client.AskJsonAsync(BinanceWsTestClient.Frame("sub", "userDataStream.subscribe.signature", BinanceWsTestClient.Signed(account.ApiKey, hmac)));
        Assert.Equal(0, subscribed["result"]!["subscriptionId"]!.GetValue<int>());
        var snapshot = await client.NextEventAsync("outboundAccountPosition");
        Assert.Equal(0, snapshot["subscriptionId"]!.GetValue<int>());
        Assert.Contains(snapshot["event"]!["B"]!.AsArray(), b => b!["a"]!.GetValue<string>() == "USDT" && b["f"]!.GetValue<string>() == "10000.00000000");

        // Placed over REST: reported on the WebSocket subscription.
        using var http = new HttpClient { BaseAddress = account.Exchange.BaseAddress };
        var restOrder = await SignedRestAsync(http, account, HttpMethod.Post, "/api/v3/order",
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.002&price=50000&newClientOrderId=viaRest");
        var restReport = (await client.NextEventAsync("executionReport"))["event"]!;
        Assert.Equal((restOrder["orderId"]!.GetValue<long>(), "NEW", "viaRest"), (restReport["i"]!.GetValue<long>(), restReport["x"]!.GetValue<string>(), restReport["c"]!.GetValue<string>()));

        // Placed over the WebSocket API: visible over REST, and reported too.
        var wsOrder = await client.AskJsonAsync(BinanceWsTestClient.Frame("place", "order.place", BinanceWsTestClient.Signed(account.ApiKey, hmac,
            ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.002"), ("price", "50000"))));
        var wsOrderId = wsOrder["result"]!["orderId"]!.GetValue<long>();
        Assert.Equal(wsOrderId, (await client.NextEventAsync("executionReport"))["event"]!["i"]!.GetValue<long>());
        var open = (await SignedRestAsync(http, account, HttpMethod.Get, "/api/v3/openOrders", "symbol=BTCUSDT")).AsArray();
        Assert.Equal([restOrder["orderId"]!.GetValue<long>(), wsOrderId], open.Select(o => o!["orderId"]!.GetValue<long>()));

        var canceled = await client.AskJsonAsync(BinanceWsTestClient.Frame("cancel", "order.cancel", BinanceWsTestClient.Signed(account.ApiKey, hmac,
            ("symbol", "BTCUSDT"), ("orderId", wsOrderId))));
        Assert.Equal("CANCELED", canceled["result"]!["status"]!.GetValue<string>());
        var cancelReport = (await client.NextEventAsync("executionReport"))["event"]!;
        Assert.Equal((wsOrderId, "CANCELED"), (cancelReport["i"]!.GetValue<long>(), cancelReport["x"]!.GetValue<string>()));

        var second = await client.AskJsonAsync(BinanceWsTestClient.Frame("sub2", "userDataStream.subscribe.signature", BinanceWsTestClient.Signed(account.ApiKey, hmac)));
        Assert.Equal(-2035, second["error"]!["code"]!.GetValue<int>());
        Assert.Equal(200, (await client.AskJsonAsync("""{"id":"unsub","method":"userDataStream.unsubscribe"}"""))["status"]!.GetValue<int>());
        Assert.Equal(0, (await client.NextEventAsync("eventStreamTerminated"))["subscriptionId"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_usdm_user_stream_pushes_the_wallet_and_every_order_change()
    {
        await using var account = await BinanceAccount.CreateAsync(token: null);
        await using var api = await BinanceWsTestClient.ConnectAsync(new Uri(account.Exchange.WebSocketAddress, FakeBinanceWebSockets.UsdmApiPath));
        var hmac = BinanceWsTestClient.Hmac(account.Secret);

        // The listen key (USER_STREAM: apiKey, no signature) is the account's one, whichever API asks.
        var started = await api.AskJsonAsync(BinanceWsTestClient.Frame("lk", "userDataStream.start", [new("apiKey", account.ApiKey)]));
        var listenKey = started["result"]!["listenKey"]!.GetValue<string>();
        using var http = new HttpClient { BaseAddress = account.Exchange.BaseAddress };
        using var restKey = new HttpRequestMessage(HttpMethod.Post, "/fapi/v1/listenKey") { Headers = { { "X-MBX-APIKEY", account.ApiKey } } };
        Assert.Equal(listenKey, JsonNode.Parse(await (await http.SendAsync(restKey)).Content.ReadAsStringAsync())!["listenKey"]!.GetValue<string>());

        await Assert.ThrowsAsync<WebSocketException>(() =>
            BinanceWsTestClient.ConnectAsync(new Uri(account.Exchange.WebSocketAddress, "/private/ws?listenKey=nope")));
        await using var stream = await BinanceWsTestClient.ConnectAsync(new Uri(account.Exchange.WebSocketAddress, "/private/ws?listenKey=" + listenKey));
        var wallet = await stream.NextEventAsync("ACCOUNT_UPDATE");
        Assert.Equal("10000.00000000", wallet["a"]!["B"]![0]!["wb"]!.GetValue<string>());

        var placed = await api.AskJsonAsync(BinanceWsTestClient.Frame(1, "order.place", BinanceWsTestClient.Signed(account.ApiKey, hmac,
            ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.002"), ("price", "50000"))));
        var orderId = placed["result"]!["orderId"]!.GetValue<long>();
        Assert.Equal((orderId, "NEW"), Change(await stream.NextEventAsync("ORDER_TRADE_UPDATE")));

        var modified = await api.AskJsonAsync(BinanceWsTestClient.Frame(2, "order.modify", BinanceWsTestClient.Signed(account.ApiKey, hmac,
            ("symbol", "BTCUSDT"), ("orderId", orderId), ("side", "BUY"), ("quantity", "0.003"), ("price", "49000"))));
        Assert.Equal(("49000.00", "0.003"), (modified["result"]!["price"]!.GetValue<string>(), modified["result"]!["origQty"]!.GetValue<string>()));
        Assert.Equal((orderId, "AMENDMENT"), Change(await stream.NextEventAsync("ORDER_TRADE_UPDATE")));

        var balance = await api.AskJsonAsync(BinanceWsTestClient.Frame(3, "v2/account.balance", BinanceWsTestClient.Signed(account.ApiKey, hmac)));
        Assert.Equal("USDT", balance["result"]![0]!["asset"]!.GetValue<string>());

        await api.AskJsonAsync(BinanceWsTestClient.Frame(4, "order.cancel", BinanceWsTestClient.Signed(account.ApiKey, hmac, ("symbol", "BTCUSDT"), ("orderId", orderId))));
        Assert.Equal((orderId, "CANCELED"), Change(await stream.NextEventAsync("ORDER_TRADE_UPDATE")));
        Assert.All(account.Exchange.WebSocketRequests, r => Assert.Equal(200, r.Status));

        static (long, string) Change(JsonNode update) => (update["o"]!["i"]!.GetValue<long>(), update["o"]!["x"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_close_fault_answers_n_messages_then_closes_with_the_given_code()
    {
        await using var account = await BinanceAccount.CreateAsync(token: null);
        account.Exchange.WebSockets.Fault = WebSocketFault.Close(2, WebSocketCloseStatus.InternalServerError, "going", FakeBinanceWebSockets.SpotApiPath);
        await using var client = await SpotClientAsync(account);
        await using var untouched = await BinanceWsTestClient.ConnectAsync(new Uri(account.Exchange.WebSocketAddress, FakeBinanceWebSockets.UsdmApiPath));

        await client.AskAsync("""{"id":1,"method":"ping"}""");
        await client.SendAsync("""{"id":2,"method":"ping"}""");
        await client.SendAsync("""{"id":3,"method":"ping"}""");

        Assert.Contains("\"id\":2", await client.ReceiveAsync(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<WebSocketException>(client.ReceiveAsync);
        Assert.Equal((WebSocketCloseStatus.InternalServerError, "going"), (client.CloseStatus, client.CloseStatusDescription));
        Assert.Equal(2, account.Exchange.WebSocketRequests.Count);
        Assert.Equal(200, (await untouched.AskJsonAsync("""{"id":4,"method":"session.status"}"""))["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_abort_fault_drops_the_connection_without_a_close_frame()
    {
        await using var account = await BinanceAccount.CreateAsync(token: null);
        account.Exchange.WebSockets.Fault = WebSocketFault.Abort(1);
        await using var client = await SpotClientAsync(account);

        await client.SendAsync("""{"id":1,"method":"ping"}""");

        // The answer may or may not make it out before the drop, as on a real network failure; no close frame does.
        var dropped = await Assert.ThrowsAsync<WebSocketException>(async () =>
        {
            while (true)
            {
                await client.ReceiveAsync();
            }
        });
        Assert.Null(client.CloseStatus);
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, dropped.WebSocketErrorCode);
        Assert.Single(account.Exchange.WebSocketRequests);
    }

    [Fact]
    public async Task A_burst_pushes_k_frames_of_s_bytes_in_order()
    {
        await using var account = await BinanceAccount.CreateAsync(token: null);
        await using var client = await SpotClientAsync(account);
        await client.AskAsync("""{"id":1,"method":"ping"}""");

        var pushing = account.Exchange.WebSockets.PushBurstAsync(frames: 50, frameBytes: 4096);
        var received = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            received.Add(await client.ReceiveAsync());
        }

        Assert.Equal(1, await pushing);
        Assert.All(received, frame => Assert.Equal(4096, System.Text.Encoding.UTF8.GetByteCount(frame)));
        Assert.Equal(Enumerable.Range(0, 50), received.Select(f => JsonNode.Parse(f)!["n"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Compression_offers_are_recorded_and_accepted_when_allowed(bool offer, bool accept)
    {
        await using var account = await BinanceAccount.CreateAsync(token: null, webSocket: new FakeBinanceWebSocketOptions { AcceptCompression = accept });
        await using var client = await BinanceWsTestClient.ConnectAsync(new Uri(account.Exchange.WebSocketAddress, FakeBinanceWebSockets.SpotApiPath), offerCompression: offer);

        Assert.Equal(200, (await client.AskJsonAsync("""{"id":1,"method":"time"}"""))["status"]!.GetValue<int>());

        var connection = Assert.Single(account.Exchange.WebSockets.Connections);
        Assert.Equal(offer, connection.OfferedExtensions?.Contains("permessage-deflate", StringComparison.Ordinal) ?? false);
        Assert.Equal(offer && accept, connection.NegotiatedExtensions?.Contains("permessage-deflate", StringComparison.Ordinal) ?? false);
    }

    [Fact]
    public async Task A_client_that_never_answers_the_servers_pings_is_dropped()
    {
        await using var account = await BinanceAccount.CreateAsync(token: null, webSocket: new FakeBinanceWebSocketOptions
        {
            PingInterval = TimeSpan.FromMilliseconds(100),
            PongTimeout = TimeSpan.FromMilliseconds(300),
        });
        await using var silent = await SpotClientAsync(account);
        await using var listening = await SpotClientAsync(account);

        // A pending receive is what makes a client answer pings; the silent one never receives.
        var receiving = listening.ReceiveAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (account.Exchange.WebSockets.Connections[0].Open && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(account.Exchange.WebSockets.Connections[0].Open);
        Assert.True(account.Exchange.WebSockets.Connections[1].Open);
        Assert.False(receiving.IsCompleted);
    }

    private static Task<BinanceWsTestClient> SpotClientAsync(BinanceAccount account) =>
        BinanceWsTestClient.ConnectAsync(new Uri(account.Exchange.WebSocketAddress, FakeBinanceWebSockets.SpotApiPath));

    private static Dictionary<string, object> OrderParameters(long timestamp) => new()
    {
        ["symbol"] = "BTCUSDT",
        ["side"] = "BUY",
        ["type"] = "LIMIT",
        ["timeInForce"] = "GTC",
        ["quantity"] = "0.002",
        ["price"] = "50000",
        ["timestamp"] = timestamp,
    };

    /// <summary>A SIGNED REST call, signed here (hex HMAC-SHA256 of the query string).</summary>
    private static async Task<JsonNode> SignedRestAsync(HttpClient http, BinanceAccount account, HttpMethod method, string path, string query)
    {
        var totalParams = query + "&timestamp=" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signature = BinanceWsTestClient.Hmac(account.Secret)(totalParams);
        using var request = new HttpRequestMessage(method, $"{path}?{totalParams}&signature={signature}") { Headers = { { "X-MBX-APIKEY", account.ApiKey } } };
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }
}
