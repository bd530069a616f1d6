using System.Text;
using System.Text.Json;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Signing.Reconcile;

namespace Sidecar.Tests.Signing.Reconcile;

/// <summary>
/// Each exchange's order history as reconciliation reads it, on the example answers of the exchange's docs (trimmed
/// to the fields read): which orders a list answer names, which order an order answer names, and that every request
/// a poll sends is an account read in the exchange's own table (so it may be sent as a read-only request). Orders
/// are written "id|client order id|symbol|created ms", an empty field for null.
/// </summary>
public sealed class OrderHistoryTests
{
    [Theory]
    // Binance rest-api.md "Current open orders" / "All orders".
    [InlineData("binance-hmac", "GET /api/v3/openOrders", """[{"symbol":"LTCBTC","orderId":1,"orderListId":-1,"clientOrderId":"myOrder1","price":"0.1","status":"NEW","time":1499827319559,"updateTime":1499827319559}]""", "1|myOrder1|LTCBTC|1499827319559")]
    [InlineData("binance-hmac", "GET /fapi/v1/openOrders", """[{"avgPrice":"0.00000","clientOrderId":"abc","orderId":1917641,"symbol":"BTCUSDT","status":"NEW","time":1579276756075}]""", "1917641|abc|BTCUSDT|1579276756075")]
    [InlineData("binance-hmac", "GET /api/v3/allOrders", "[]", "")]
    // Bybit v5 "Get Open & Closed Orders".
    [InlineData("bybit-v5", "GET /v5/order/realtime", """{"retCode":0,"retMsg":"OK","result":{"list":[{"orderId":"fd4300ae-7847-404e-b947-b46980a4d140","orderLinkId":"test-000005","symbol":"ETHUSDT","createdTime":"1684738540559","orderStatus":"New"}],"nextPageCursor":"","category":"linear"}}""", "fd4300ae-7847-404e-b947-b46980a4d140|test-000005|ETHUSDT|1684738540559")]
    // OKX "Get order List".
    [InlineData("okx-v5", "GET /api/v5/trade/orders-pending", """{"code":"0","msg":"","data":[{"instId":"BTC-USDT","ordId":"312269865356374016","clOrdId":"b1","cTime":"1597026383085","state":"live"}]}""", "312269865356374016|b1|BTC-USDT|1597026383085")]
    // Kraken "Get Open Orders": opentm in seconds.
    [InlineData("kraken", "POST /0/private/OpenOrders", """{"error":[],"result":{"open":{"OQCLML-BW3P3-BUCMWZ":{"refid":"None","userref":0,"status":"open","opentm":1688666559.8974,"descr":{"pair":"XBTUSD","type":"buy"}}}}}""", "OQCLML-BW3P3-BUCMWZ||XBTUSD|1688666559897")]
    [InlineData("kraken", "POST /0/private/ClosedOrders", """{"error":[],"result":{"closed":{"O37652-RJWRT-IMO74O":{"cl_ord_id":"my-1","status":"canceled","opentm":1688148493.7708,"descr":{"pair":"XBTGBP"}}},"count":1}}""", "O37652-RJWRT-IMO74O|my-1|XBTGBP|1688148493770")]
    // Coinbase Advanced "List Orders": RFC 3339 times.
    [InlineData("coinbase-advanced", "GET /api/v3/brokerage/orders/historical/batch", """{"orders":[{"order_id":"0000-000000-000000","product_id":"BTC-USD","client_order_id":"11111-000000-000000","created_time":"2021-05-31T09:59:59.000Z","status":"OPEN"}],"has_next":false}""", "0000-000000-000000|11111-000000-000000|BTC-USD|1622455199000")]
    // Coinbase Exchange "Get all orders".
    [InlineData("coinbase-exchange", "GET /orders", """[{"id":"a9625b04-fc66-4999-a876-543c3684d702","price":"10.00000000","product_id":"BTC-USD","side":"buy","client_oid":"e7b9-4a","created_at":"2020-03-11T20:48:46.622Z","status":"open"}]""", "a9625b04-fc66-4999-a876-543c3684d702|e7b9-4a|BTC-USD|1583959726622")]
    // KuCoin "Get Order List" (classic, paginated; an empty clientOid is none) and "Get Open Orders" (high-frequency).
    [InlineData("kucoin", "GET /api/v1/orders", """{"code":"200000","data":{"currentPage":1,"pageSize":1,"totalNum":1,"totalPage":1,"items":[{"id":"5c35c02703aa673ceec2a168","symbol":"BTC-USDT","clientOid":"","createdAt":1547026471000,"isActive":true}]}}""", "5c35c02703aa673ceec2a168||BTC-USDT|1547026471000")]
    [InlineData("kucoin", "GET /api/v1/hf/orders/active", """{"code":"200000","data":[{"id":"67120bbef094e200070976f6","clientOid":"5c52e11203aa677f33e493fb","symbol":"BTC-USDT","createdAt":1729235902748}]}""", "67120bbef094e200070976f6|5c52e11203aa677f33e493fb|BTC-USDT|1729235902748")]
    // Gate "List all open orders": orders grouped by pair.
    [InlineData("gate-v4", "GET /api/v4/spot/open_orders", """[{"currency_pair":"ETH_BTC","total":1,"orders":[{"id":"12332324","text":"t-123456","create_time":"1548000000","create_time_ms":1548000000123,"status":"open"}]}]""", "12332324|t-123456|ETH_BTC|1548000000123")]
    [InlineData("gate-v4", "GET /api/v4/spot/orders", """[{"id":"1852454420","text":"t-abc123","create_time_ms":1710488334073,"currency_pair":"BTC_USDT","status":"closed"}]""", "1852454420|t-abc123|BTC_USDT|1710488334073")]
    // Bitfinex "Retrieve Orders": [ID, GID, CID, SYMBOL, MTS_CREATE, …].
    [InlineData("bitfinex-v2", "POST /v2/auth/r/orders", """[[1185815098,null,1591017893587,"tETHUSD",1591017893589,1591017893593,-0.15,-0.15,"EXCHANGE LIMIT",null,null,null,0,"ACTIVE"]]""", "1185815098|1591017893587|tETHUSD|1591017893589")]
    // Deribit private/get_open_orders: an empty label is none.
    [InlineData("deribit", "GET /api/v2/private/get_open_orders", """{"jsonrpc":"2.0","id":1953,"result":[{"order_id":"ETH-584849853","label":"","instrument_name":"ETH-PERPETUAL","creation_timestamp":1550050594882,"order_state":"open"}]}""", "ETH-584849853||ETH-PERPETUAL|1550050594882")]
    // BitMEX "Get your orders".
    [InlineData("bitmex", "GET /api/v1/order", """[{"orderID":"4f3bc1ca-5d1e-4a7c-a1f8-4be16e1c9b2a","clOrdID":"mm-1","symbol":"XBTUSD","transactTime":"2024-01-01T00:00:00.000Z","ordStatus":"New"}]""", "4f3bc1ca-5d1e-4a7c-a1f8-4be16e1c9b2a|mm-1|XBTUSD|1704067200000")]
    public void A_history_answer_names_its_orders(string scheme, string request, string answer, string expected)
    {
        var history = HistoryOf(scheme);
        var space = request.IndexOf(' ', StringComparison.Ordinal);
        using var json = JsonDocument.Parse(answer);

        var orders = history.Parse(new HistoryRequest(request[..space], request[(space + 1)..]), json.RootElement, out var error);

        Assert.Null(error);
        Assert.Equal(expected, Write(orders!));
    }

    [Theory]
    [InlineData("binance-hmac", """{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}""", "Timestamp for this request is outside of the recvWindow.")]
    [InlineData("bybit-v5", """{"retCode":10002,"retMsg":"invalid request, please check your server timestamp or recv_window param","result":{}}""", "invalid request, please check your server timestamp or recv_window param")]
    [InlineData("okx-v5", """{"code":"50113","msg":"Invalid Sign","data":[]}""", "Invalid Sign")]
    [InlineData("kraken", """{"error":["EAPI:Invalid nonce"]}""", "EAPI:Invalid nonce")]
    [InlineData("kucoin", """{"code":"400005","msg":"Invalid KC-API-SIGN"}""", "Invalid KC-API-SIGN")]
    [InlineData("bitfinex-v2", """["error",10100,"apikey: invalid"]""", "apikey: invalid")]
    [InlineData("deribit", """{"jsonrpc":"2.0","error":{"message":"unauthorized","code":13009}}""", "unauthorized")]
    public void An_error_answer_is_no_list_of_orders_and_says_why(string scheme, string answer, string reason)
    {
        using var json = JsonDocument.Parse(answer);
        var history = HistoryOf(scheme);
        var request = history.Requests(new HistoryQuery("x", [], 0, 0))[0];

        Assert.Null(history.Parse(request, json.RootElement, out var error));
        Assert.Equal(reason, error);
    }

    [Theory]
    // Binance "New order" ACK, a cancel-replace (the new order), a USD-M batch.
    [InlineData("binance-hmac", """{"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP","transactTime":1507725176595}""", "28|6gCrw2kRUAF9CvJDGP16IP|BTCUSDT|1507725176595")]
    [InlineData("binance-hmac", """{"cancelResult":"SUCCESS","newOrderResult":"SUCCESS","cancelResponse":{"symbol":"BTCUSDT","orderId":9,"clientOrderId":"old"},"newOrderResponse":{"symbol":"BTCUSDT","orderId":10,"orderListId":-1,"clientOrderId":"wOceeeOzNORyLiQfw7jd8S","transactTime":1652928801803}}""", "10|wOceeeOzNORyLiQfw7jd8S|BTCUSDT|1652928801803")]
    [InlineData("binance-hmac", """[{"clientOrderId":"a","orderId":22542179,"symbol":"BTCUSDT","updateTime":1579276756075},{"code":-2022,"msg":"ReduceOnly Order is rejected."}]""", "22542179|a|BTCUSDT|1579276756075")]
    [InlineData("bybit-v5", """{"retCode":0,"retMsg":"OK","result":{"orderId":"1321003749386327552","orderLinkId":"spot-test-postonly"},"retExtInfo":{},"time":1672211918471}""", "1321003749386327552|spot-test-postonly||")]
    [InlineData("bybit-v5", """{"retCode":110007,"retMsg":"ab not enough for new order","result":{}}""", "")]
    [InlineData("okx-v5", """{"code":"0","msg":"","data":[{"clOrdId":"oktswap6","ordId":"312269865356374016","tag":"","ts":"1695190491421","sCode":"0","sMsg":""}]}""", "312269865356374016|oktswap6||")]
    [InlineData("okx-v5", """{"code":"1","msg":"","data":[{"clOrdId":"x","ordId":"","sCode":"51008","sMsg":"Order failed. Insufficient balance"}]}""", "")]
    [InlineData("kraken", """{"error":[],"result":{"descr":{"order":"buy 1.25000000 XBTUSD @ limit 27500.0"},"txid":["OU22CG-KLAF2-FWUDD7"]}}""", "OU22CG-KLAF2-FWUDD7|||")]
    [InlineData("coinbase-advanced", """{"success":true,"success_response":{"order_id":"11111-00000-000000","product_id":"BTC-USD","side":"BUY","client_order_id":"0000-00000-000000"}}""", "11111-00000-000000|0000-00000-000000|BTC-USD|")]
    [InlineData("coinbase-exchange", """{"id":"d0c5340b-6d6c-49d9-b567-48c4bfca13d2","price":"0.10000000","product_id":"BTC-USD","client_oid":"c-1","created_at":"2016-12-08T20:02:28.53864Z","status":"pending"}""", "d0c5340b-6d6c-49d9-b567-48c4bfca13d2|c-1|BTC-USD|1481227348538")]
    [InlineData("kucoin", """{"code":"200000","data":{"orderId":"670fd33bf9406e0007ab3945","clientOid":"5c52e11203aa677f33e493fb"}}""", "670fd33bf9406e0007ab3945|5c52e11203aa677f33e493fb||")]
    [InlineData("gate-v4", """{"id":"1852454420","text":"t-abc123","create_time_ms":1710488334073,"currency_pair":"BTC_USDT","status":"open"}""", "1852454420|t-abc123|BTC_USDT|1710488334073")]
    [InlineData("bitfinex-v2", """[1567590617442,"on-req",null,null,[[30630788061,null,1567590617439,"tBTCUSD",1567590617439,1567590617439,0.001,0.001,"LIMIT"]],null,"SUCCESS","Submitting 1 orders."]""", "30630788061|1567590617439|tBTCUSD|1567590617439")]
    [InlineData("deribit", """{"jsonrpc":"2.0","id":5275,"result":{"trades":[],"order":{"order_id":"ETH-584849853","label":"market0000234","instrument_name":"ETH-PERPETUAL","creation_timestamp":1590486335742}}}""", "ETH-584849853|market0000234|ETH-PERPETUAL|1590486335742")]
    [InlineData("bitmex", """{"orderID":"4f3bc1ca-5d1e-4a7c-a1f8-4be16e1c9b2a","clOrdID":"","symbol":"XBTUSD","transactTime":"2024-01-01T00:00:00.000Z"}""", "4f3bc1ca-5d1e-4a7c-a1f8-4be16e1c9b2a||XBTUSD|1704067200000")]
    [InlineData("binance-hmac", """{"code":-2010,"msg":"Account has insufficient balance for requested action."}""", "")]
    public void An_order_answer_names_the_order_Sidecar_signed(string scheme, string answer, string expected)
    {
        using var json = JsonDocument.Parse(answer);

        Assert.Equal(expected, Write(HistoryOf(scheme).ReadPlaced(ExchangeEndpoint.Unlisted, json.RootElement)));
    }

    [Fact]
    public void Binance_reads_every_open_order_and_each_symbols_orders_since_the_last_poll_at_most_a_day_back()
    {
        var history = HistoryOf("binance-hmac");
        var now = 1_700_000_000_000L;

        var spot = history.Requests(new HistoryQuery("api.binance.com", ["BTCUSDT", "ETHUSDT"], now - 120_000, now));
        var usdm = history.Requests(new HistoryQuery("fapi.binance.com", ["BTCUSDT"], now - (3 * 86_400_000L), now));

        Assert.Equal(["GET /api/v3/openOrders?", $"GET /api/v3/allOrders?symbol=BTCUSDT&startTime={now - 120_000}", $"GET /api/v3/allOrders?symbol=ETHUSDT&startTime={now - 120_000}"],
            spot.Select(r => $"{r} ?{r.Query}".Replace(" ?", "?", StringComparison.Ordinal)));
        Assert.Equal(["GET /fapi/v1/openOrders?", $"GET /fapi/v1/allOrders?symbol=BTCUSDT&startTime={now - 86_400_000 + 60_000}"],
            usdm.Select(r => $"{r} ?{r.Query}".Replace(" ?", "?", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("POST", "/api/v3/order", "newClientOrderId")]
    [InlineData("POST", "/api/v3/order/cancelReplace", "newClientOrderId")]
    [InlineData("POST", "/fapi/v1/order", "newClientOrderId")]
    [InlineData("PUT", "/fapi/v1/order", null)] // a modification names the order it changes: no new id
    [InlineData("POST", "/api/v3/order/test", null)]
    public void Binance_takes_a_client_order_id_Sidecar_adds_on_new_orders_only(string method, string path, string? parameter)
    {
        Assert.True(SigningSchemes.TryGet("binance-hmac", out var scheme));
        var endpoint = scheme.Exchange.Endpoints.Find(method, Encoding.ASCII.GetBytes(path));

        var added = scheme.Exchange.OrderHistory.ClientOrderId(endpoint);

        Assert.Equal(parameter, added?.Name);
        Assert.True(added is null || added.MaxLength == 36);
    }

    [Fact]
    public void Every_request_a_poll_sends_is_an_account_read_in_the_exchanges_own_table()
    {
        foreach (var exchange in Exchanges.All)
        {
            var host = exchange.SampleOrder.Host;
            foreach (var request in exchange.OrderHistory.Requests(new HistoryQuery(host, ["BTCUSDT"], 1_700_000_000_000, 1_700_000_060_000)))
            {
                var endpoint = exchange.Endpoints.Find(request.Method, Encoding.ASCII.GetBytes(request.Path));
                Assert.True(endpoint.Category == EndpointCategory.Read, $"{exchange.Name}: {request} is {endpoint}, not an account read");
            }
        }
    }

    private static OrderHistory HistoryOf(string scheme)
    {
        Assert.True(SigningSchemes.TryGet(scheme, out var signing));
        return signing.Exchange.OrderHistory;
    }

    private static string Write(IReadOnlyList<ExchangeOrder> orders) =>
        string.Join(";", orders.Select(o => $"{o.OrderId}|{o.ClientOrderId}|{o.Symbol}|{o.CreatedMs}"));
}
