using System.Text;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Binance.WebSocket;
using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Security;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Binance;

/// <summary>
/// The fake's WebSocket API signature check on its own: the payload rule (params sorted by name, each value its JSON
/// token's text, strings unescaped, nothing percent-encoded), HMAC and Ed25519 verification, the timing rule, and
/// refusing ambiguous frames. The expected payloads and signatures come from Binance's docs or are computed here
/// independently, never by the fake.
/// </summary>
public sealed class BinanceWebSocketSignatureTests
{
    // web-socket-api.md "SIGNED request example (HMAC)": the docs' own example key pair and request.
    private const string DocApiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private const string DocSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private const long DocTimestamp = 1645423376532;

    private const string DocPayload =
        "apiKey=" + DocApiKey + "&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT";

    private const string DocSignature = "aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24";

    private static readonly string DocFrame =
        """{"id":"4885f793-e5ad-4c3b-8f6c-55d891472b71","method":"order.place","params":{"symbol":"BTCUSDT","side":"SELL","type":"LIMIT","timeInForce":"GTC","quantity":"0.01000000","price":"52000.00","recvWindow":100,"timestamp":1645423376532,"apiKey":"API_KEY","signature":"SIGNATURE"}}"""
            .Replace("API_KEY", DocApiKey, StringComparison.Ordinal);

    [Fact]
    public void The_docs_hmac_example_gives_the_documented_payload_and_signature()
    {
        var request = Read(DocFrame.Replace("SIGNATURE", DocSignature, StringComparison.Ordinal));

        Assert.Equal(DocPayload, WsSignaturePayload.Build(request.Params));
        Assert.Equal(DocSignature, BinanceSignatureVerifier.ComputeSignature(Encoding.UTF8.GetBytes(DocSecret), DocPayload));

        var verdict = DocAccount(DocTimestamp).Inspect(request, WsSecurity.Signed, Session());
        Assert.Equal(new WsVerdict(SignatureCheck.Valid, DocPayload, BySession: false), verdict);
        Assert.Null(DocAccount(DocTimestamp).Authenticate(Parameters(request), WsSecurity.Signed, Session(), verdict));
    }

    [Theory]
    [InlineData(DocSignature, SignatureCheck.Valid)]
    [InlineData("AA1B5712C094BC4E57C05A1A5C1FD8D88DCD628338EA863FEC7B88E59FE2DB24", SignatureCheck.Valid)] // hex is not case-sensitive
    [InlineData("ab1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24", SignatureCheck.Invalid)]
    [InlineData("aa1b5712", SignatureCheck.Invalid)]
    [InlineData("", SignatureCheck.Missing)]
    public void Hmac_signatures_are_checked_over_the_payload(string signature, SignatureCheck expected)
    {
        var request = Read(DocFrame.Replace("SIGNATURE", signature, StringComparison.Ordinal));

        Assert.Equal(expected, DocAccount(DocTimestamp).Inspect(request, WsSecurity.Signed, Session()).Signature);
    }

    [Fact]
    public void A_changed_value_no_longer_verifies()
    {
        var request = Read(DocFrame.Replace("SIGNATURE", DocSignature, StringComparison.Ordinal)
            .Replace("\"52000.00\"", "\"52000.01\"", StringComparison.Ordinal));

        Assert.Equal(SignatureCheck.Invalid, DocAccount(DocTimestamp).Inspect(request, WsSecurity.Signed, Session()).Signature);
    }

    [Fact]
    public void Non_ascii_values_are_signed_as_utf8_text_neither_escaped_nor_percent_encoded()
    {
        // The docs' second example: symbol "１２３４５６", here sent JSON-escaped; its payload and signature are the
        // docs' ones (the docs' request shows quantity 0.01000000 while its payload table says 1.00000000; the
        // payload is what was signed).
        var frame = """{"id":1,"method":"order.place","params":{"symbol":"\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16","side":"BUY","type":"LIMIT","timeInForce":"GTC","quantity":"1.00000000","price":"0.10000000","recvWindow":5000,"timestamp":1645423376532,"apiKey":"API_KEY","signature":"b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd"}}""";
        var request = Read(frame.Replace("API_KEY", DocApiKey, StringComparison.Ordinal));

        Assert.Equal(
            "apiKey=" + DocApiKey + "&price=0.10000000&quantity=1.00000000&recvWindow=5000&side=BUY&symbol=１２３４５６&timeInForce=GTC&timestamp=1645423376532&type=LIMIT",
            WsSignaturePayload.Build(request.Params));
        Assert.Equal(SignatureCheck.Valid, DocAccount(DocTimestamp).Inspect(request, WsSecurity.Signed, Session()).Signature);
    }

    [Fact]
    public void Each_value_is_its_json_tokens_own_text()
    {
        // As ccxt signs: numbers and booleans as written, strings unescaped, objects and arrays whole.
        var request = Read("""{"id":null,"method":"x","params":{"returnRateLimits":false,"recvWindow":10000,"newClientOrderId":"a\"b\\c\u0041","price":1.50,"symbols":["A", "B"],"note":null,"signature":"s"}}""");

        Assert.Equal(
            """newClientOrderId=a"b\cA&note=null&price=1.50&recvWindow=10000&returnRateLimits=false&symbols=["A", "B"]""",
            WsSignaturePayload.Build(request.Params));
    }

    [Fact]
    public void An_ed25519_signature_round_trips_and_logs_on()
    {
        var key = Ed25519TestKey.Generate();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var keys = new RequestAuthenticator("ed-key", [], key.PublicKey, Clock(now));
        var authenticator = new WsAuthenticator(keys);

        // Signed here from the docs' rule, independently of the fake: sorted name=value pairs joined with '&'.
        var payload = $"apiKey=ed-key&quantity=0.001&symbol=BTCUSDT&timestamp={now}";
        var signature = key.Sign(Encoding.UTF8.GetBytes(payload));
        var frame = $$$"""{"id":"a","method":"session.logon","params":{"timestamp":{{{now}}},"symbol":"BTCUSDT","quantity":"0.001","apiKey":"ed-key","signature":"{{{signature}}}"}}""";

        var logon = authenticator.Inspect(Read(frame), WsSecurity.Logon, Session());
        Assert.Equal(new WsVerdict(SignatureCheck.Valid, payload, BySession: false), logon);
        Assert.Null(authenticator.Authenticate(Parameters(Read(frame)), WsSecurity.Logon, Session(), logon));

        // Base64 is case-sensitive, and the payload must be the one signed.
        Assert.Equal(SignatureCheck.Invalid, authenticator.Inspect(Read(frame.Replace(signature, FlipCase(signature), StringComparison.Ordinal)), WsSecurity.Signed, Session()).Signature);
        Assert.Equal(SignatureCheck.Invalid, authenticator.Inspect(Read(frame.Replace("0.001", "0.002", StringComparison.Ordinal)), WsSecurity.Signed, Session()).Signature);
    }

    [Fact]
    public void An_hmac_key_cannot_log_on_even_with_a_good_signature()
    {
        var request = Read(DocFrame.Replace("SIGNATURE", DocSignature, StringComparison.Ordinal));
        var authenticator = DocAccount(DocTimestamp);

        var verdict = authenticator.Inspect(request, WsSecurity.Logon, Session());

        Assert.Equal(SignatureCheck.Invalid, verdict.Signature);
        Assert.Equal(-1022, authenticator.Authenticate(Parameters(request), WsSecurity.Logon, Session(), verdict)?.Code);
    }

    /// <summary>timestamp &lt; serverTime + 1000 and serverTime - timestamp &lt;= recvWindow (default 5000, at most 60000).</summary>
    [Theory]
    [InlineData(-5000, null, null)]
    [InlineData(-5001, null, -1021)]
    [InlineData(-5001, "5001", null)]
    [InlineData(-60000, "60000", null)]
    [InlineData(-100, "99.999", -1021)]
    [InlineData(0, "60001", -1102)]
    [InlineData(999, null, null)]
    [InlineData(1000, null, -1021)]
    public void The_timestamp_must_be_within_the_receive_window(long age, string? recvWindow, int? expectedCode)
    {
        var secret = TestSecrets.BinanceStyle();
        const long ServerTime = 1_700_000_000_000;
        var timestamp = ServerTime + age;
        var payload = $"apiKey=k{(recvWindow is null ? "" : "&recvWindow=" + recvWindow)}&timestamp={timestamp}";
        var signature = BinanceSignatureVerifier.ComputeSignature(Encoding.UTF8.GetBytes(secret), payload);
        var window = recvWindow is null ? string.Empty : $"\"recvWindow\":{recvWindow},";
        var frame = $$$"""{"id":1,"method":"account.status","params":{"apiKey":"k",{{{window}}}"timestamp":{{{timestamp}}},"signature":"{{{signature}}}"}}""";
        var request = Read(frame);
        var authenticator = new WsAuthenticator(new RequestAuthenticator("k", Encoding.UTF8.GetBytes(secret), null, Clock(ServerTime)));

        var verdict = authenticator.Inspect(request, WsSecurity.Signed, Session());

        Assert.Equal(SignatureCheck.Valid, verdict.Signature);
        Assert.Equal(expectedCode, authenticator.Authenticate(Parameters(request), WsSecurity.Signed, Session(), verdict)?.Code);
    }

    [Theory]
    [InlineData("""{"symbol":"BTCUSDT","symbol":"ETHUSDT"}""")]
    [InlineData("""{"symbol":"BTCUSDT","signature":"SIG","signature":"SIG"}""")]
    public void A_parameter_sent_twice_never_verifies(string extraParams)
    {
        var frame = DocFrame.Replace("SIGNATURE", DocSignature, StringComparison.Ordinal)
            .Replace("\"symbol\":\"BTCUSDT\"", extraParams[1..^1].Replace("SIG", DocSignature, StringComparison.Ordinal), StringComparison.Ordinal);
        var request = Read(frame);

        Assert.Equal(SignatureCheck.Invalid, DocAccount(DocTimestamp).Inspect(request, WsSecurity.Signed, Session()).Signature);
        Assert.Null(RequestParameters.FromValues(request.Params.Select(p => KeyValuePair.Create(p.Name, p.Value))));
    }

    [Theory]
    [InlineData("apiKey", "someone-else", 401, -2015)]
    [InlineData("apiKey", null, 400, -1102)]
    [InlineData("signature", null, 400, -1102)]
    [InlineData("timestamp", null, 400, -1102)]
    public void Key_and_mandatory_parameters_are_checked_before_the_signature(string name, string? value, int status, int code)
    {
        var parameters = new Dictionary<string, string>
        {
            ["apiKey"] = DocApiKey,
            ["timestamp"] = DocTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["signature"] = "00",
        };
        if (value is null)
        {
            parameters.Remove(name);
        }
        else
        {
            parameters[name] = value;
        }

        var frame = "{\"id\":1,\"method\":\"account.status\",\"params\":{" +
                    string.Join(',', parameters.Select(p => $"\"{p.Key}\":\"{p.Value}\"")) + "}}";
        var request = Read(frame);
        var authenticator = DocAccount(DocTimestamp);

        var error = authenticator.Authenticate(Parameters(request), WsSecurity.Signed, Session(), authenticator.Inspect(request, WsSecurity.Signed, Session()));

        Assert.Equal((status, code), (error?.HttpStatus, error?.Code));
    }

    private static WsRequest Read(string frame)
    {
        var request = WsRequestReader.Read(Encoding.UTF8.GetBytes(frame));
        Assert.False(request.Malformed, frame);
        return request;
    }

    private static RequestParameters Parameters(WsRequest request) =>
        RequestParameters.FromValues(request.Params.Select(p => KeyValuePair.Create(p.Name, p.Value)))!;

    private static WsAuthenticator DocAccount(long serverTime) =>
        new(new RequestAuthenticator(DocApiKey, Encoding.UTF8.GetBytes(DocSecret), null, Clock(serverTime)));

    private static ServerClock Clock(long milliseconds) => new(new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)), TimeSpan.Zero);

    private static WsSession Session() => new(1, 0, returnRateLimits: true, new WsOutbox());

    /// <summary>The same text with its first letter's case changed.</summary>
    private static string FlipCase(string text)
    {
        var letter = text.IndexOfAny("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".ToCharArray());
        var flipped = char.IsUpper(text[letter]) ? char.ToLowerInvariant(text[letter]) : char.ToUpperInvariant(text[letter]);
        return text[..letter] + flipped + text[(letter + 1)..];
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
