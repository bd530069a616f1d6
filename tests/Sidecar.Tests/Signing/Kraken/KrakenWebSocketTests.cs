using System.Text;
using System.Text.Json;
using Sidecar.Signing;
using Sidecar.Signing.Kraken;
using Sidecar.Signing.Policy;
using Sidecar.Signing.Tokens;
using Sidecar.Signing.WebSockets;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Kraken;

/// <summary>
/// Kraken's Spot WebSocket v2 session and the GetWebSocketsToken answer: the placeholder the bot holds is swapped back
/// for the real token in exactly the frames ccxt sends (captured from ccxt 4.5.84 against the fake), an unknown or
/// expired placeholder is never forwarded, methods are classified from Kraken's docs, the order guards read v2's field
/// names, and refusals come back in v2's envelope with the bot's req_id.
/// </summary>
public sealed class KrakenWebSocketTests
{
    // ccxt 4.5.84 (js/src/pro/kraken.js), captured: watchBalance, watchOrders, createOrderWs, its keep-alive, cancelOrderWs.
    private const string Balances = """{"method":"subscribe","req_id":1,"params":{"channel":"balances","token":"TOKEN"}}""";
    private const string Executions = """{"method":"subscribe","params":{"channel":"executions","token":"TOKEN","snap_orders":true},"req_id":2}""";
    private const string AddOrder = """{"method":"add_order","params":{"order_type":"limit","side":"buy","order_qty":0.002,"symbol":"BTC/USD","token":"TOKEN","limit_price":50000},"req_id":3}""";
    private const string Ping = """{"method":"ping"}""";
    private const string CancelOrder = """{"method":"cancel_order","params":{"order_id":["O00001-FAKE-KRAKEN"],"token":"TOKEN"},"req_id":4}""";

    // Kraken's tokens are base64 (43 characters); this stand-in keeps the '/' and '+' that must pass unescaped.
    private const string RealToken = "kraken/ws+token-for-tests";

    private readonly TestClock _clock = new();
    private readonly TokenVault _vault;
    private readonly VenueCredentials _credentials;

    public KrakenWebSocketTests()
    {
        _vault = new TokenVault(_clock);
        _credentials = new VenueCredentials("real-key", new ReferenceHmacKey(new byte[64], SignatureAlgorithm.HmacSha512), tokens: _vault);
    }

    [Theory]
    [InlineData(Balances, "WS /subscribe", EndpointCategory.Read)]
    [InlineData(Executions, "WS /subscribe", EndpointCategory.Read)]
    [InlineData(AddOrder, "WS /add_order", EndpointCategory.Trade)]
    [InlineData(CancelOrder, "WS /cancel_order", EndpointCategory.Trade)]
    public void Ccxts_frames_reach_kraken_with_the_real_token_in_place_of_the_placeholder(string captured, string row, EndpointCategory category)
    {
        var placeholder = _vault.Issue(RealToken, TimeSpan.FromSeconds(900));
        var sent = captured.Replace("TOKEN", placeholder, StringComparison.Ordinal);

        var (outcome, frame, forwarded) = Rewrite(sent);

        Assert.Equal(SignOutcome.PassThrough, outcome);
        Assert.Equal(row, frame.Endpoint.Pattern.Text);
        Assert.Equal(category, frame.Endpoint.Category);
        Assert.Equal(captured.Replace("TOKEN", RealToken, StringComparison.Ordinal), forwarded);
        Assert.DoesNotContain(TokenVault.Prefix, forwarded, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_token_is_forwarded_as_sent_and_still_judged_by_its_method()
    {
        var sent = AddOrder.Replace("TOKEN", RealToken, StringComparison.Ordinal);

        var (outcome, frame, forwarded) = Rewrite(sent);

        Assert.Equal(SignOutcome.PassThrough, outcome);
        Assert.Equal(FrameAction.Rebuild, frame.Action);
        Assert.Equal(EndpointCategory.Trade, frame.Endpoint.Category);
        Assert.Equal(sent, forwarded);
    }

    [Fact]
    public void A_placeholder_sidecar_did_not_issue_is_refused()
    {
        var sent = AddOrder.Replace("TOKEN", TokenVault.Prefix + "00000000000000000000000000000000", StringComparison.Ordinal);

        var (outcome, _, _) = Rewrite(sent, out var error);

        Assert.Equal(SignOutcome.Rejected, outcome);
        Assert.Contains("placeholder", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_placeholder_expires_with_the_token_it_stands_for()
    {
        var placeholder = _vault.Issue(RealToken, TimeSpan.FromSeconds(900));
        var sent = AddOrder.Replace("TOKEN", placeholder, StringComparison.Ordinal);
        Assert.Equal(SignOutcome.PassThrough, Rewrite(sent).Outcome);

        _clock.Advance(TimeSpan.FromSeconds(901));

        Assert.Equal(SignOutcome.Rejected, Rewrite(sent, out _).Outcome);
    }

    [Theory]
    [InlineData(Ping, "WS /ping")]
    [InlineData("""{"method":"subscribe","params":{"channel":"ticker","symbol":["BTC/USD"]},"req_id":5}""", "WS /subscribe")]
    [InlineData("""{"method":"add_order","params":{"order_type":"limit","symbol":"BTC/USD"},"req_id":5}""", "WS /add_order")]
    public void Frames_without_a_token_act_on_no_account_and_go_as_they_are(string sent, string method)
    {
        var session = Open();
        var frame = new ClientFrame();

        Assert.True(session.TryRead(Encoding.UTF8.GetBytes(sent), frame), frame.Error);

        Assert.Equal(FrameAction.Forward, frame.Action);
        Assert.Equal(EndpointAccess.Public, frame.Endpoint.Access);
        Assert.Equal(method, "WS /" + Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(sent)[frame.Method]));
    }

    [Theory]
    [InlineData("add_order", EndpointCategory.Trade)]
    [InlineData("amend_order", EndpointCategory.Trade)]
    [InlineData("edit_order", EndpointCategory.Trade)]
    [InlineData("cancel_order", EndpointCategory.Trade)]
    [InlineData("cancel_all", EndpointCategory.Trade)]
    [InlineData("cancel_all_orders_after", EndpointCategory.Trade)]
    [InlineData("batch_add", EndpointCategory.Trade)]
    [InlineData("batch_cancel", EndpointCategory.Trade)]
    [InlineData("subscribe", EndpointCategory.Read)]
    [InlineData("unsubscribe", EndpointCategory.Read)]
    [InlineData("withdraw", EndpointCategory.Unknown)]
    public void Methods_with_a_token_are_classified_from_krakens_docs(string method, EndpointCategory category)
    {
        var session = Open();
        var frame = new ClientFrame();

        Assert.True(session.TryRead(Encoding.UTF8.GetBytes($$"""{"method":"{{method}}","params":{"token":"{{RealToken}}"},"req_id":1}"""), frame), frame.Error);

        Assert.Equal(category, frame.Endpoint.Category);
        Assert.Equal(FrameAction.Rebuild, frame.Action);
    }

    [Theory]
    [InlineData("""{"event":"addOrder","token":"t","pair":"XBT/USD","type":"buy","ordertype":"limit","price":"1","volume":"1"}""", "v1")]
    [InlineData("""{"method":"add_order","params":{"token":"a","token":"b"},"req_id":1}""", "twice")]
    [InlineData("""{"method":"add_order","method":"cancel_all","params":{"token":"a"}}""", "twice")]
    [InlineData("""{"method":"add_order","params":{"token":"a"},"req_id":"1"}""", "integer")]
    [InlineData("""{"method":"add_order","params":{"token":"\u0061"},"req_id":1}""", "plain string")]
    [InlineData("""{"method":"add_order","params":{"token":7},"req_id":1}""", "plain string")]
    [InlineData("""{"method":"add_order","params":{"token":"a"},"req_id":1,"extra":{}}""", "only")]
    [InlineData("""{"params":{"token":"a"}}""", "no 'method'")]
    [InlineData("""[{"method":"ping"}]""", "JSON object")]
    [InlineData("""{"method":"ping"} {}""", "not JSON")]
    public void Malformed_ambiguous_and_v1_frames_are_refused(string sent, string reason)
    {
        var session = Open();
        var frame = new ClientFrame();

        Assert.False(session.TryRead(Encoding.UTF8.GetBytes(sent), frame));

        Assert.Contains(reason, frame.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string?, string?, decimal?, decimal?> Orders => new()
    {
        // method, params, symbol, type, quantity, price (REST's names on the left of each v2 field)
        { "add_order", """{"order_type":"limit","side":"buy","order_qty":0.002,"symbol":"BTC/USD","limit_price":50000,"cl_ord_id":"c1","token":"t"}""", "BTC/USD", "limit", 0.002m, 50000m },
        { "add_order", """{"order_type":"stop-loss","side":"sell","order_qty":1,"symbol":"BTC/USD","triggers":{"reference":"last","price":28000,"price_type":"static"},"token":"t"}""", "BTC/USD", "stop-loss", 1m, 28000m },
        { "add_order", """{"order_type":"market","side":"buy","order_qty":0.5,"symbol":"ETH/USD","token":"t"}""", "ETH/USD", "market", 0.5m, null },
        { "edit_order", """{"order_id":"O1","symbol":"BTC/USD","order_qty":3,"limit_price":100,"token":"t"}""", "BTC/USD", null, 3m, 100m },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void The_order_guards_read_v2s_field_names(string method, string parameters, string? symbol, string? type, decimal? quantity, decimal? price)
    {
        var read = ReadOrders(method, parameters);

        var order = Assert.Single(read.Orders);
        Assert.Equal((symbol, type, quantity, price), (order.Symbol, order.Type, order.Quantity, order.Price));
    }

    [Fact]
    public void A_batch_add_is_read_order_by_order_under_the_batchs_symbol()
    {
        var read = ReadOrders("batch_add", """{"orders":[{"limit_price":1010.1,"order_qty":0.12,"order_type":"limit","side":"buy"},{"limit_price":2020.2,"order_qty":0.98,"order_type":"limit","side":"sell"}],"symbol":"BTC/USD","token":"t"}""");

        Assert.Equal([("BTC/USD", 0.12m, 1010.1m), ("BTC/USD", 0.98m, 2020.2m)], read.Orders.Select(o => (o.Symbol!, o.Quantity!.Value, o.Price!.Value)));
    }

    [Theory]
    [InlineData("add_order", """{"order_type":"market","side":"buy","cash_order_qty":100,"symbol":"BTC/USD","token":"t"}""")]
    [InlineData("add_order", """{"order_type":"trailing-stop-limit","side":"sell","order_qty":1,"limit_price":5,"symbol":"BTC/USD","triggers":{"price":1,"price_type":"pct"},"token":"t"}""")]
    [InlineData("add_order", """{"order_type":"stop-loss","side":"sell","order_qty":1,"symbol":"BTC/USD","triggers":{"price":-2,"price_type":"pct"},"token":"t"}""")]
    [InlineData("amend_order", """{"order_id":"O1","order_qty":2,"token":"t"}""")]
    public void What_the_guards_cannot_price_is_unreadable_and_so_refused_under_guards(string method, string parameters)
    {
        var read = ReadOrders(method, parameters);

        Assert.NotNull(read.UnreadableReason);
        Assert.True(read.PlacesOrders);
    }

    [Fact]
    public void An_order_in_a_batch_that_names_its_own_symbol_is_malformed()
    {
        Assert.Throws<FormatException>(() => ReadOrders("batch_add", """{"orders":[{"order_qty":1,"limit_price":1,"symbol":"DOGE/USD"},{"order_qty":1,"limit_price":1}],"symbol":"BTC/USD","token":"t"}"""));
    }

    [Fact]
    public void A_refusal_is_krakens_v2_error_answer_with_the_bots_method_and_req_id()
    {
        var session = Open();
        var frame = new ClientFrame();
        var sent = Encoding.UTF8.GetBytes(AddOrder.Replace("TOKEN", RealToken, StringComparison.Ordinal));
        Assert.True(session.TryRead(sent, frame));
        using var output = new ByteBuilder();

        session.WriteError(sent, frame, FrameError.PolicyDenied, "symbol 'BTC/USD' is not in the venue's Symbols (rule: Symbols)", output);

        using var json = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal("add_order", json.RootElement.GetProperty("method").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("req_id").GetInt64());
        Assert.False(json.RootElement.GetProperty("success").GetBoolean());
        Assert.StartsWith("sidecar policy_denied: symbol 'BTC/USD'", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_frame_without_method_or_req_id_still_gets_an_envelope()
    {
        var session = Open();
        var frame = new ClientFrame();
        var sent = "not json"u8.ToArray();
        Assert.False(session.TryRead(sent, frame));
        using var output = new ByteBuilder();

        session.WriteError(sent, frame, FrameError.BadRequest, frame.Error!, output);

        Assert.Equal("""{"error":"sidecar bad_request: the frame is not JSON","success":false}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Replies_are_read_for_their_req_id_and_success()
    {
        var session = Open();

        Assert.True(session.TryReadReply("""{"method":"add_order","req_id":3,"result":{"order_id":"O1"},"success":true,"time_in":"x","time_out":"y"}"""u8, out var id, out var status));
        Assert.Equal(("3", 200), (Encoding.UTF8.GetString(id), status));
        Assert.True(session.TryReadReply("""{"error":"EOrder:Insufficient funds","method":"add_order","req_id":9,"success":false}"""u8, out id, out status));
        Assert.Equal(("9", 400), (Encoding.UTF8.GetString(id), status));
        Assert.False(session.TryReadReply("""{"channel":"executions","type":"update","data":[]}"""u8, out _, out _));
    }

    [Fact]
    public void Swapping_a_placeholder_allocates_nothing_once_warm()
    {
        var session = Open();
        var frame = new ClientFrame();
        var sent = Encoding.UTF8.GetBytes(AddOrder.Replace("TOKEN", _vault.Issue(RealToken, TimeSpan.FromSeconds(900)), StringComparison.Ordinal));
        using var output = new SignedRequest();
        var clock = new FrameClock(0, false);
        for (var i = 0; i < 100; i++)
        {
            session.TryRead(sent, frame);
            session.Rewrite(sent, frame, clock, output);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            session.TryRead(sent, frame);
            session.Rewrite(sent, frame, clock, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void With_order_guards_the_token_answer_carries_a_placeholder_that_redeems_to_the_token()
    {
        var answer = $$$"""{"error":[],"result":{"token":"{{{RealToken.Replace("/", "\\/", StringComparison.Ordinal)}}}","expires":900}}""";

        var rewritten = RewriteAnswer(answer, guardsOrders: true);

        using var json = JsonDocument.Parse(rewritten!);
        var placeholder = json.RootElement.GetProperty("result").GetProperty("token").GetString()!;
        Assert.StartsWith(TokenVault.Prefix, placeholder, StringComparison.Ordinal);
        Assert.Equal(900, json.RootElement.GetProperty("result").GetProperty("expires").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("error").GetArrayLength());
        Assert.DoesNotContain("ws+token", rewritten, StringComparison.Ordinal);
        Assert.True(_vault.TryRedeem(placeholder, out var redeemed));
        Assert.Equal(RealToken, redeemed);

        _clock.Advance(TimeSpan.FromSeconds(900));
        Assert.False(_vault.TryRedeem(placeholder, out _));
    }

    [Fact]
    public void Without_order_guards_the_token_answer_passes_unchanged()
    {
        Assert.Null(RewriteAnswer($$$"""{"error":[],"result":{"token":"{{{RealToken}}}","expires":900}}""", guardsOrders: false));
    }

    [Theory]
    [InlineData("""{"error":["EAPI:Invalid key"]}""", false)]
    [InlineData("""{"error":[],"result":{"token":"a\"b","expires":900}}""", true)]
    [InlineData("""{"error":[],"result":{"token":["nested"]},"token":"elsewhere"}""", true)]
    [InlineData("""not json but a "token" anyway""", true)]
    public void An_answer_whose_token_cannot_be_kept_is_never_relayed(string answer, bool replaced)
    {
        var rewritten = RewriteAnswer(answer, guardsOrders: true);

        if (!replaced)
        {
            Assert.Null(rewritten);
            return;
        }

        using var json = JsonDocument.Parse(rewritten!);
        Assert.StartsWith("ESidecar:", json.RootElement.GetProperty("error")[0].GetString(), StringComparison.Ordinal);
        Assert.False(json.RootElement.TryGetProperty("result", out _));
    }

    [Fact]
    public void GetWebSocketsToken_is_a_trading_endpoint_whose_answer_is_rewritten()
    {
        var row = KrakenEndpoints.Table.Find("POST", "/0/private/GetWebSocketsToken"u8);

        Assert.Equal(EndpointCategory.Trade, row.Category);
        Assert.Same(KrakenWebSocketToken.Instance, row.Answers);
    }

    private string? RewriteAnswer(string answer, bool guardsOrders)
    {
        using var output = new ByteBuilder();
        var context = new AnswerContext(_credentials, guardsOrders, _ => null);
        return KrakenWebSocketToken.Instance.TryRewrite(Encoding.UTF8.GetBytes(answer), context, output) ? Encoding.UTF8.GetString(output.WrittenSpan) : null;
    }

    private static OrderRead ReadOrders(string method, string parameters) =>
        KrakenWebSocketMethods.Table.Find(WebSocketAdapter.FrameMethod, Encoding.UTF8.GetBytes("/" + method)).ReadOrders([], Encoding.UTF8.GetBytes(parameters), BodyFormat.Json);

    private WebSocketSession Open()
    {
        Assert.True(SigningSchemes.TryGet("kraken", out var scheme));
        return scheme.Exchange.WebSocket.Open(new WebSocketSessionContext(scheme, _credentials, "/v2"));
    }

    private (SignOutcome Outcome, ClientFrame Frame, string Forwarded) Rewrite(string sent) => Rewrite(sent, out _);

    private (SignOutcome Outcome, ClientFrame Frame, string Forwarded) Rewrite(string sent, out string? error)
    {
        var session = Open();
        var frame = new ClientFrame();
        var bytes = Encoding.UTF8.GetBytes(sent);
        Assert.True(session.TryRead(bytes, frame), frame.Error);
        Assert.Equal(FrameAction.Rebuild, frame.Action);
        using var output = new SignedRequest();
        var outcome = session.Rewrite(bytes, frame, new FrameClock(0, false), output);
        error = output.Error;
        return (outcome, frame, Encoding.UTF8.GetString(output.Body.WrittenSpan));
    }
}
