using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange.Deribit;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Signing.Tokens;
using Sidecar.Signing.WebSockets;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Signing.Deribit;

/// <summary>
/// The Deribit WebSocket session: <c>public/auth</c> rebuilt with the real client id and signed over
/// <c>timestamp + "\n" + nonce + "\n" + data</c>; every other frame judged by the REST catalog's row for the same
/// method; placeholders swapped for the real access token or refused; the tokens of Deribit's replies swapped for
/// placeholders before the bot sees them.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class DeribitWebSocketTests(SoftHsmToken token)
{
    private const string Secret = "AMANDASECRECT";
    private const long CapturedTimestamp = 1796662069121;

    // websocket-venues.md §2.11: ccxt 4.5.84's login with placeholder credentials (its signature shortened there).
    private const string CapturedLogin = """{"jsonrpc":"2.0","id":1,"method":"public/auth","params":{"grant_type":"client_signature","client_id":"placeholder-key","timestamp":1796662069121,"signature":"15770b8c28d2f4ec6b3c4ee5e8c1f0a4a1f7f9ad9c3b0e4d2f6a8c1e3b5d7da30","nonce":"1796662069121","data":""}}""";

    [Fact]
    public void Ccxts_captured_login_is_rebuilt_with_the_real_client_id_and_signed_in_SoftHSM()
    {
        var label = TestSecrets.Label("ws-deribit");
        token.ImportHmac(label, Encoding.UTF8.GetBytes(Secret));
        using var hsm = token.Connect();
        var session = Open(new VenueCredentials("AMANDA", hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256)));

        var (outcome, frame, output) = Rewrite(session, CapturedLogin, CapturedTimestamp + 50);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(EndpointCategory.Read, frame.Endpoint.Category);
        Assert.Equal("1796662069121\n1796662069121\n", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), "1796662069121\n1796662069121\n"u8));
        Assert.Equal(
            """{"jsonrpc":"2.0","id":1,"method":"public/auth","params":{"grant_type":"client_signature","client_id":"AMANDA","timestamp":1796662069121,"nonce":"1796662069121","data":"","signature":""" + "\""
            + expected + "\"}}",
            Encoding.UTF8.GetString(output.Body.WrittenSpan));
        Assert.True(DeribitSignature.VerifyClientSignature(Encoding.UTF8.GetBytes(Secret), "1796662069121", "1796662069121", "", expected));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("1796662069121\n1796662069121\n"u8)), Convert.ToHexStringLower(output.SignedBytesSha256));
        output.Dispose();
    }

    [Fact]
    public void A_client_credentials_login_becomes_a_signature_and_its_secret_never_leaves()
    {
        var session = Open(Reference());
        const string sent = """{"jsonrpc":"2.0","id":"login","method":"public/auth","params":{"grant_type":"client_credentials","client_id":"placeholder-key","client_secret":"placeholder-secret"}}""";

        var (outcome, _, output) = Rewrite(session, sent, 1_800_000_000_000);

        Assert.Equal(SignOutcome.Signed, outcome);
        using var json = JsonDocument.Parse(output.Body.WrittenMemory);
        var parameters = json.RootElement.GetProperty("params");
        Assert.Equal("login", json.RootElement.GetProperty("id").GetString());
        Assert.Equal(["grant_type", "client_id", "timestamp", "nonce", "data", "signature"], parameters.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("client_signature", "real-id", 1_800_000_000_000), (parameters.GetProperty("grant_type").GetString(), parameters.GetProperty("client_id").GetString(), parameters.GetProperty("timestamp").GetInt64()));
        var nonce = parameters.GetProperty("nonce").GetString()!;
        Assert.Matches("^[0-9a-f]{16}$", nonce);
        Assert.True(DeribitSignature.VerifyClientSignature(Encoding.UTF8.GetBytes(Secret), "1800000000000", nonce, "", parameters.GetProperty("signature").GetString()!));
        Assert.DoesNotContain("placeholder", Encoding.UTF8.GetString(output.Body.WrittenSpan), StringComparison.Ordinal);
        output.Dispose();
    }

    [Theory]
    [InlineData("1796662069121", CapturedTimestamp + 59_000, false, CapturedTimestamp)]          // inside the 60 s window: kept
    [InlineData("\"1796662069121\"", CapturedTimestamp + 200, false, CapturedTimestamp)]         // a numeric string, as some clients send it
    [InlineData("1796662069121", CapturedTimestamp + 61_000, false, CapturedTimestamp + 61_000)] // too old: the venue's clock
    [InlineData("1796662069121", CapturedTimestamp - 2_000, false, CapturedTimestamp - 2_000)]   // ahead by more than 1 s
    [InlineData("179666206912", CapturedTimestamp, false, CapturedTimestamp)]                    // not milliseconds (12 digits)
    [InlineData("1796662069121", CapturedTimestamp + 200, true, CapturedTimestamp + 200)]        // Clock:Restamp
    public void The_bots_timestamp_is_kept_inside_the_window_and_replaced_outside_it(string sent, long now, bool restamp, long expected)
    {
        var session = Open(Reference());
        var frame = $$$"""{"jsonrpc":"2.0","id":3,"method":"public/auth","params":{"grant_type":"client_signature","client_id":"k","timestamp":{{{sent}}},"nonce":"abc","signature":"00"}}""";

        var (_, _, output) = Rewrite(session, frame, now, restamp);

        Assert.Equal($"{expected}\nabc\n", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        output.Dispose();
    }

    [Theory]
    [InlineData("\"bot-nonce_1.x\"", "bot-nonce_1.x")]
    [InlineData("\"has space\"", null)]
    [InlineData("12345", null)]
    [InlineData("\"\"", null)]
    public void The_bots_nonce_is_kept_when_it_is_plain_nonce_text_and_made_otherwise(string sent, string? kept)
    {
        var session = Open(Reference());
        var frame = $$$"""{"id":3,"method":"public/auth","params":{"grant_type":"client_signature","timestamp":1800000000000,"nonce":{{{sent}}}}}""";

        var (_, _, output) = Rewrite(session, frame, 1_800_000_000_000);

        var nonce = Encoding.UTF8.GetString(output.Prehash.WrittenSpan).Split('\n')[1];
        Assert.Equal(kept ?? nonce, nonce);
        if (kept is null)
        {
            Assert.Matches("^[0-9a-f]{16}$", nonce);
        }

        output.Dispose();
    }

    [Fact]
    public void Data_scope_and_state_pass_as_written_and_data_is_signed_unescaped()
    {
        var session = Open(Reference());
        const string sent = """{"id":9,"method":"public/auth","params":{"scope":"session:bot expires:60","grant_type":"client_signature","timestamp":1800000000000,"nonce":"n1","data":"x\u0041y","state":"s-1"}}""";

        var (outcome, _, output) = Rewrite(session, sent, 1_800_000_000_000);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal("1800000000000\nn1\nxAy", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        var body = Encoding.UTF8.GetString(output.Body.WrittenSpan);
        Assert.StartsWith("""{"jsonrpc":"2.0","id":9,"method":"public/auth","params":{"grant_type":"client_signature","client_id":"real-id","timestamp":1800000000000,"nonce":"n1","data":"x\u0041y","signature":""", body, StringComparison.Ordinal);
        Assert.EndsWith(""","scope":"session:bot expires:60","state":"s-1"}}""", body, StringComparison.Ordinal);
        output.Dispose();
    }

    [Theory]
    [InlineData("""{"id":1,"method":"public/auth","params":{"grant_type":"refresh_token","refresh_token":"sidecar-placeholder-00"}}""", "refresh_token grant is refused")]
    [InlineData("""{"id":1,"method":"public/auth","params":{"refresh_token":"x","grant_type":"refresh_token"}}""", "refresh_token grant is refused")]
    [InlineData("""{"id":1,"method":"public/exchange_token","params":{"refresh_token":"x","subject_id":2}}""", "public/exchange_token is refused")]
    [InlineData("""{"id":1,"method":"public/fork_token","params":{"refresh_token":"x","session_name":"b"}}""", "public/fork_token is refused")]
    [InlineData("""{"id":1,"method":"public/auth","params":{"grant_type":"password","username":"u","password":"p"}}""", "takes no 'username'")]
    [InlineData("""{"id":1,"method":"public/auth","params":{"grant_type":"implicit"}}""", "must be client_signature")]
    [InlineData("""{"id":1,"method":"public/auth","params":{"client_id":"k"}}""", "needs a string 'grant_type'")]
    [InlineData("""{"id":1,"method":"public/auth","params":{"grant_type":"client_signature","data":5}}""", "'data' must be a string")]
    [InlineData("""{"id":1,"method":"public/auth","params":{"grant_type":"client_signature","access_token":"sidecar-placeholder-1"}}""", "takes no 'access_token'")]
    [InlineData("""{"id":1,"method":"public/auth"}""", "needs params")]
    [InlineData("""{"id":1,"method":"private/get_positions","params":{"access_token":"1582628593469.1MbQ-J_4.CBP"}}""", "must be a placeholder")]
    [InlineData("""{"id":1,"method":"private/get_positions","params":{"access_token":7}}""", "must be a placeholder")]
    [InlineData("""{"id":1,"method":"private/buy","params":{"instrument_name":"BTC-PERPETUAL","label":"sidecar-placeholder-abc"}}""", "only as params.access_token")]
    [InlineData("""{"id":1,"method":"private/buy","params":{"instrument_name":"BTC-PERPETUAL","instrument_name":"ETH-PERPETUAL"}}""", "twice")]
    [InlineData("""{"id":1,"method":"private/buy","params":["BTC-PERPETUAL",10]}""", "must be an object")]
    [InlineData("""{"id":1,"method":"private/buy","params":{},"extra":true}""", "only 'jsonrpc', 'id', 'method' and 'params'")]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"public/test"}""", "must be \"2.0\"")]
    [InlineData("""{"id":1,"id":2,"method":"public/test"}""", "'id' is given twice")]
    [InlineData("""{"id":{"a":1},"method":"public/test"}""", "'id' must be")]
    [InlineData("""{"id":1,"params":{}}""", "no 'method'")]
    [InlineData("""{"id":1,"method":"public/test","params":{"x":1}} {}""", "not JSON")]
    [InlineData("""{"id":1,"method":"private/buy","params":{"instrum\u0065nt_name":"X"}}""", "escapes")]
    [InlineData("""{"id":1,"method":"private/Withdraw","params":{}}""", "not a Deribit method name")]
    [InlineData("""{"id":1,"method":"private//withdraw","params":{}}""", "not a Deribit method name")]
    [InlineData("""{"id":1,"method":"private/withdraw/","params":{}}""", "not a Deribit method name")]
    [InlineData("""{"id":1,"method":"/private/withdraw","params":{}}""", "not a Deribit method name")]
    [InlineData("""{"id":1,"method":"hello","params":{}}""", "not a Deribit method name")]
    [InlineData("""[{"id":1}]""", "JSON-RPC object")]
    [InlineData("""{"id":1,"method":"priv""", "not JSON")]
    public void Frames_sidecar_will_not_forward_as_sent_are_refused_with_a_reason(string sent, string reason)
    {
        var session = Open(Reference());
        var frame = new ClientFrame();

        Assert.False(session.TryRead(Encoding.UTF8.GetBytes(sent), frame));

        Assert.Contains(reason, frame.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("private/withdraw", EndpointCategory.Withdrawal)]
    [InlineData("private/cancel_withdrawal", EndpointCategory.Withdrawal)]
    [InlineData("private/add_to_address_book", EndpointCategory.Withdrawal)]
    [InlineData("private/submit_transfer_to_user", EndpointCategory.Transfer)]
    [InlineData("private/submit_transfer_between_subaccounts", EndpointCategory.Transfer)]
    [InlineData("private/create_subaccount", EndpointCategory.SubAccount)]
    [InlineData("private/create_api_key", EndpointCategory.ApiKeyManagement)]
    [InlineData("private/list_api_keys", EndpointCategory.ApiKeyManagement)]
    [InlineData("private/buy", EndpointCategory.Trade)]
    [InlineData("private/sell", EndpointCategory.Trade)]
    [InlineData("private/edit", EndpointCategory.Trade)]
    [InlineData("private/cancel_all", EndpointCategory.Trade)]
    [InlineData("private/enable_cancel_on_disconnect", EndpointCategory.Trade)]
    [InlineData("private/get_account_summary", EndpointCategory.Read)]
    [InlineData("private/subscribe", EndpointCategory.Read)]
    [InlineData("private/unsubscribe_all", EndpointCategory.Read)]
    [InlineData("private/logout", EndpointCategory.Read)]
    [InlineData("public/test", EndpointCategory.Public)]
    [InlineData("public/subscribe", EndpointCategory.Public)]
    [InlineData("public/set_heartbeat", EndpointCategory.Public)]
    [InlineData("private/some_new_method", EndpointCategory.Unknown)]
    public void Every_method_is_judged_by_its_catalog_row_and_forwarded_as_it_came(string method, EndpointCategory expected)
    {
        var session = Open(Reference());
        var frame = new ClientFrame();
        var sent = Encoding.UTF8.GetBytes($$$"""{"jsonrpc":"2.0","id":5,"method":"{{{method}}}","params":{"currency":"BTC"}}""");

        Assert.True(session.TryRead(sent, frame), frame.Error);

        Assert.Equal(expected, frame.Endpoint.Category);
        Assert.Equal(FrameAction.Forward, frame.Action);
        Assert.Equal(method, Encoding.UTF8.GetString(sent[frame.Method]));
        Assert.Equal("5", Encoding.UTF8.GetString(sent[frame.Id]));
    }

    [Fact]
    public void The_websocket_table_is_the_rest_catalog_under_method_names_plus_the_websocket_only_methods()
    {
        Assert.True(SigningSchemes.TryGet("deribit", out var scheme));
        var rest = scheme.Exchange.Endpoints.Rows;
        var methods = scheme.Exchange.WebSocket.Methods;

        foreach (var row in rest)
        {
            var path = row.Pattern.Text["* /api/v2".Length..].Replace("**", "x", StringComparison.Ordinal).Replace("*", "x", StringComparison.Ordinal);
            var frameRow = methods.Find(WebSocketAdapter.FrameMethod, Encoding.ASCII.GetBytes(path));
            Assert.Equal((row.Access, row.Category), (frameRow.Access, frameRow.Category));
            Assert.Same(row.Orders, frameRow.Orders);
        }

        Assert.Equal(rest.Count + 5, methods.Count);
        Assert.All(methods.Rows, r => Assert.StartsWith("WS /", r.Pattern.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void An_order_is_read_from_the_frames_params_for_the_order_guards()
    {
        var session = Open(Reference());
        var frame = new ClientFrame();
        var sent = """{"jsonrpc":"2.0","id":8,"method":"private/sell","params":{"instrument_name":"BTC-PERPETUAL","amount":20,"type":"limit","price":64000.5,"label":"s1"}}"""u8.ToArray();
        Assert.True(session.TryRead(sent, frame));

        var read = frame.Endpoint.ReadOrders([], sent[frame.OrderJson], BodyFormat.Json);

        var order = Assert.Single(read.Orders);
        Assert.Equal(("BTC-PERPETUAL", "sell", "limit", 20m, 64000.5m, "s1"), (order.Symbol, order.Side, order.Type, order.Quantity, order.Price, order.ClientOrderId));
        Assert.True(session.TryRead("""{"id":9,"method":"private/edit","params":{"order_id":"1","amount":10}}"""u8, frame));
        Assert.NotNull(frame.Endpoint.ReadOrders([], """{"id":9,"method":"private/edit","params":{"order_id":"1","amount":10}}"""u8, BodyFormat.Json).UnreadableReason);
        Assert.True(session.TryRead("""{"id":10,"method":"private/get_positions","params":{}}"""u8, frame));
        Assert.Equal(default, frame.OrderJson);
    }

    [Fact]
    public void A_placeholder_access_token_is_swapped_for_the_real_one_and_an_unknown_one_is_refused()
    {
        var credentials = Reference();
        var placeholder = credentials.Tokens.Issue("1582628593469.1MbQ-J_4.real", TimeSpan.FromMinutes(15));
        var session = Open(credentials);
        var sent = $$$"""{"jsonrpc":"2.0","id":4,"method":"private/get_account_summary","params":{"currency":"BTC","access_token":"{{{placeholder}}}","extended":true}}""";

        var (outcome, frame, output) = Rewrite(session, sent, 1_800_000_000_000);

        Assert.Equal((FrameAction.Rebuild, SignOutcome.PassThrough), (frame.Action, outcome));
        Assert.Equal(sent.Replace(placeholder, "1582628593469.1MbQ-J_4.real", StringComparison.Ordinal), Encoding.UTF8.GetString(output.Body.WrittenSpan));
        Assert.Null(output.SignedBy);

        var (unknown, _, refused) = Rewrite(session, sent.Replace(placeholder, TokenVault.Prefix + "0123", StringComparison.Ordinal), 1_800_000_000_000);
        Assert.Equal(SignOutcome.Rejected, unknown);
        Assert.Contains("unknown or expired", refused.Error, StringComparison.Ordinal);
        output.Dispose();
        refused.Dispose();
    }

    [Fact]
    public void A_refusal_answers_in_a_json_rpc_error_with_the_bots_id_and_a_code_deribit_never_uses()
    {
        var session = Open(Reference());
        var frame = new ClientFrame();
        var sent = """{"jsonrpc":"2.0","id":42,"method":"private/withdraw","params":{"currency":"BTC","amount":1,"address":"x"}}"""u8.ToArray();
        Assert.True(session.TryRead(sent, frame));
        using var output = new ByteBuilder();

        session.WriteError(sent, frame, FrameError.PolicyDenied, "withdrawal endpoints are denied in every profile (rule: category withdrawal)", output);

        using var json = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal("2.0", json.RootElement.GetProperty("jsonrpc").GetString());
        Assert.Equal(42, json.RootElement.GetProperty("id").GetInt32());
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(4030, error.GetProperty("code").GetInt32());
        Assert.StartsWith("sidecar policy_denied: withdrawal endpoints", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("policy_denied", error.GetProperty("data").GetProperty("reason").GetString());
        Assert.False(json.RootElement.TryGetProperty("result", out _));
    }

    [Fact]
    public void The_tokens_of_an_auth_reply_become_placeholders_that_redeem_for_the_real_ones_while_they_last()
    {
        var clock = new TestClock();
        var credentials = new VenueCredentials("real-id", new ReferenceHmacKey(Encoding.UTF8.GetBytes(Secret)), tokens: new TokenVault(clock));
        var session = Open(credentials);
        const string reply = """{"jsonrpc":"2.0","id":1,"result":{"token_type":"bearer","scope":"connection mainaccount","refresh_token":"1686927372328.1EzFBRmt.refresh","expires_in":900,"access_token":"1686923272328.1CkwEx-u.access"},"usIn":1655391872327712,"usOut":1655391872328515,"usDiff":803,"testnet":false}""";
        using var output = new ByteBuilder();

        Assert.True(session.InspectsServerMessages);
        Assert.Equal(ServerFrameAction.Rewritten, session.RewriteServerMessage(Encoding.UTF8.GetBytes(reply), output));

        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.DoesNotContain("1686923272328", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1686927372328", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var result = json.RootElement.GetProperty("result");
        var access = result.GetProperty("access_token").GetString()!;
        var refresh = result.GetProperty("refresh_token").GetString()!;
        Assert.True(TokenVault.IsPlaceholder(access) && TokenVault.IsPlaceholder(refresh));
        Assert.Equal(reply.Replace("1686927372328.1EzFBRmt.refresh", refresh, StringComparison.Ordinal).Replace("1686923272328.1CkwEx-u.access", access, StringComparison.Ordinal), text);
        Assert.True(credentials.Tokens.TryRedeem(access, out var real));
        Assert.Equal("1686923272328.1CkwEx-u.access", real);
        clock.Advance(TimeSpan.FromSeconds(901));
        Assert.False(credentials.Tokens.TryRedeem(access, out _));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"user.orders.any.any.raw","data":{"label":"my_token","order_id":"1"}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":7,"error":{"message":"Invalid params","data":{"reason":"invalid format","param":"access_token"},"code":-32602}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":2,"result":["user.portfolio.btc"]}""")]
    public void Other_messages_are_relayed_as_they_came(string message)
    {
        var session = Open(Reference());
        using var output = new ByteBuilder();

        Assert.Equal(ServerFrameAction.Relay, session.RewriteServerMessage(Encoding.UTF8.GetBytes(message), output));
        Assert.Equal(0, output.Length);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"subscription","params":{"data":{"access_token":"1686923272328.x"}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"session":{"refresh_token":"1686923272328.x"}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"access_token":"1686923272328.x"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"access_token":"1686923272328.x","access_token":"a","refresh_token":"b"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"access_token":"1686923272328.x" """)]
    public void A_message_with_a_token_anywhere_else_or_unreadable_is_dropped(string message)
    {
        var session = Open(Reference());
        using var output = new ByteBuilder();

        Assert.Equal(ServerFrameAction.Drop, session.RewriteServerMessage(Encoding.UTF8.GetBytes(message), output));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"access_token":"a"},"usIn":1}""", "1", 200)]
    [InlineData("""{"jsonrpc":"2.0","id":"login","error":{"message":"unauthorized","data":{"reason":"x"},"code":13009}}""", "\"login\"", 401)]
    [InlineData("""{"jsonrpc":"2.0","error":{"code":10028,"message":"too_many_requests"},"id":3}""", "3", 429)]
    [InlineData("""{"jsonrpc":"2.0","id":4,"error":{"code":10009,"message":"not_enough_funds"}}""", "4", 400)]
    public void Replies_are_read_for_their_id_and_status(string message, string id, int status)
    {
        var session = Open(Reference());

        Assert.True(session.TryReadReply(Encoding.UTF8.GetBytes(message), out var readId, out var readStatus));

        Assert.Equal((id, status), (Encoding.UTF8.GetString(readId), readStatus));
        Assert.False(session.TryReadReply("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"c","data":{}}}"""u8, out _, out _));
    }

    [Fact]
    public void Reading_and_rebuilding_a_login_and_reading_order_frames_allocate_nothing_once_warm()
    {
        var session = Open(Reference());
        var frame = new ClientFrame();
        var login = Encoding.UTF8.GetBytes(CapturedLogin);
        var buy = """{"jsonrpc":"2.0","id":8,"method":"private/buy","params":{"instrument_name":"BTC-PERPETUAL","amount":10,"type":"limit","price":50000}}"""u8.ToArray();
        using var output = new SignedRequest();
        var clock = new FrameClock(CapturedTimestamp + 50, false);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(session.TryRead(login, frame));
            session.Rewrite(login, frame, clock, output);
            Assert.True(session.TryRead(buy, frame));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            session.TryRead(login, frame);
            session.Rewrite(login, frame, clock, output);
            session.TryRead(buy, frame);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static VenueCredentials Reference() => new("real-id", new ReferenceHmacKey(Encoding.UTF8.GetBytes(Secret)));

    private static WebSocketSession Open(VenueCredentials credentials) => WebSocketSessions.Open("deribit", credentials, "/ws/api/v2");

    private static (SignOutcome Outcome, ClientFrame Frame, SignedRequest Output) Rewrite(WebSocketSession session, string sent, long now, bool restamp = false) =>
        WebSocketSessions.Rewrite(session, sent, now, restamp);
}
