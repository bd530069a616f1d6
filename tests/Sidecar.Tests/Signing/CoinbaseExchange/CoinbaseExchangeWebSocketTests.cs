using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange.CoinbaseExchange;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Signing.WebSockets;
using Sidecar.Tests.Infrastructure;
using Sidecar.Tests.Signing.Coinbase;
using static Sidecar.Tests.Signing.Coinbase.CoinbaseSessions;

namespace Sidecar.Tests.Signing.CoinbaseExchange;

/// <summary>
/// The Coinbase Exchange feed session: subscribe frames read, the ones that carry credentials or name a channel that
/// needs them rebuilt with the venue's key, passphrase, a timestamp and base64(HMAC-SHA256(base64decode(secret),
/// timestamp + "GET" + "/users/self/verify")). The docs publish no worked example with an expected signature (their
/// Python sample signs str(time.time()) with the caller's secret), so expected values come from an independent
/// computation (.NET HMACSHA256) and the fake exchange's own verifier.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseExchangeWebSocketTests(SoftHsmToken token)
{
    private const string ApiKey = "6f1c8a7e2b3d4c5f8a9b0c1d2e3f4a5b";
    private const string Passphrase = "real-passphrase";

    // websocket-venues.md §2.7: captured from ccxt 4.5.84 (watchOrders) with placeholder credentials.
    private const string CapturedFrame = """{"type":"subscribe","product_ids":["BTC-USD"],"channels":["user"],"timestamp":1796662096,"key":"placeholder-key","signature":"pWGw…yFLQ=","passphrase":"placeholder-passphrase"}""";

    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(64);

    [Fact]
    public void The_captured_ccxt_subscribe_is_rebuilt_and_signed_in_SoftHSM_as_an_independent_hmac_says()
    {
        var label = TestSecrets.Label("ws-cbx");
        token.ImportHmac(label, Secret);
        using var hsm = token.Connect();
        var session = Open(new VenueCredentials(ApiKey, hsm.ResolveSigningKey(label, SignatureAlgorithm.HmacSha256), Passphrase) { PassphraseHeader = Passphrase });

        var (outcome, frame, output) = Rewrite(session, CapturedFrame, (1_796_662_096 + 5) * 1000L);

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(EndpointCategory.Read, frame.Endpoint.Category);
        Assert.Equal("1796662096GET/users/self/verify", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        var forwarded = JsonDocument.Parse(output.Body.WrittenMemory).RootElement;
        Assert.Equal(["type", "product_ids", "channels", "timestamp", "key", "passphrase", "signature"], forwarded.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1_796_662_096, forwarded.GetProperty("timestamp").GetInt64());
        Assert.Equal(ApiKey, forwarded.GetProperty("key").GetString());
        Assert.Equal(Passphrase, forwarded.GetProperty("passphrase").GetString());
        var signature = forwarded.GetProperty("signature").GetString()!;
        Assert.Equal(Convert.ToBase64String(HMACSHA256.HashData(Secret, "1796662096GET/users/self/verify"u8)), signature);
        Assert.True(CoinbaseExchangeSignature.Verify(Secret, "1796662096", "GET", "/users/self/verify", "", signature));
        Assert.DoesNotContain("placeholder", Encoding.UTF8.GetString(output.Body.WrittenSpan), StringComparison.Ordinal);
        Assert.DoesNotContain("pWGw", Encoding.UTF8.GetString(output.Body.WrittenSpan), StringComparison.Ordinal);
        output.Dispose();
    }

    [Theory]
    [InlineData("1796662096", 1_796_662_096 + 30, false, "1796662096")]             // within 30 s: kept
    [InlineData("1796662096", 1_796_662_096 - 30, false, "1796662096")]             // 30 s ahead: kept
    [InlineData("1796662096", 1_796_662_096 + 31, false, "1796662127")]             // older: restamped
    [InlineData("1796662096", 1_796_662_096 - 31, false, "1796662065")]             // further ahead: restamped
    [InlineData("\"1796662096.123456\"", 1_796_662_096, false, "1796662096.123456")] // the docs' str(time.time()) form: kept as written
    [InlineData("1796662096", 1_796_662_096, true, "1796662096")]                   // Clock:Restamp: always the venue's clock
    [InlineData("\"0796662096\"", 1_796_662_096, false, "1796662096")]              // not Unix seconds as REST takes them
    [InlineData("1.796662096e9", 1_796_662_096, false, "1796662096")]
    [InlineData("\"abc\"", 1_796_662_096, false, "1796662096")]
    [InlineData("null", 1_796_662_096, false, "1796662096")]
    public void The_bots_timestamp_is_kept_inside_the_30_s_window_and_replaced_outside_it(string sent, long nowSeconds, bool restamp, string signed)
    {
        var session = Open(Reference());

        var (_, _, output) = Rewrite(session, $$"""{"type":"subscribe","channels":["user"],"timestamp":{{sent}},"key":"k","signature":"s","passphrase":"p"}""", nowSeconds * 1000 + 999, restamp);

        Assert.Equal(signed + "GET/users/self/verify", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        var timestamp = JsonDocument.Parse(output.Body.WrittenMemory).RootElement.GetProperty("timestamp");
        Assert.Equal(signed, timestamp.ValueKind == JsonValueKind.String ? timestamp.GetString() : timestamp.GetRawText());

        // The JSON form follows the bot's: a number stays a number, anything else (or nothing) is a string.
        Assert.Equal(sent.StartsWith('"') || sent == "null" ? JsonValueKind.String : JsonValueKind.Number, timestamp.ValueKind);
        output.Dispose();
    }

    [Fact]
    public void A_subscribe_without_credentials_to_a_channel_that_needs_them_gets_them_with_a_string_timestamp()
    {
        var session = Open(Reference());

        var (outcome, frame, output) = Rewrite(session, """{"type":"subscribe","channels":[{"name":"full","product_ids":["ETH-USD"]}]}""", 1_796_662_096_500);

        Assert.Equal(FrameAction.Rebuild, frame.Action);
        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(
            $$"""{"type":"subscribe","channels":[{"name":"full","product_ids":["ETH-USD"]}],"timestamp":"1796662096","key":"{{ApiKey}}","passphrase":"{{Passphrase}}","signature":"{{Convert.ToBase64String(HMACSHA256.HashData(Secret, "1796662096GET/users/self/verify"u8))}}"}""",
            Encoding.UTF8.GetString(output.Body.WrittenSpan));
        output.Dispose();
    }

    [Theory]
    [InlineData("""{"type":"subscribe","channels":["user"],"product_ids":["BTC-USD"]}""", true)]
    [InlineData("""{"type":"subscribe","channels":["ticker",{"name":"level2","product_ids":["BTC-USD"]}]}""", true)]
    [InlineData("""{"type":"subscribe","channels":["level3"]}""", true)]
    [InlineData("""{"type":"subscribe","channels":[{"name":"balance","account_ids":["d50ec984-77a8-460a-b958-66f114b0de9b"]}]}""", true)]
    [InlineData("""{"type":"subscribe","channels":["us\u0065r"]}""", true)]
    [InlineData("""{"type":"subscribe","channels":["ticker"],"key":"placeholder-key"}""", true)]
    [InlineData("""{"type":"subscribe","channels":["ticker"],"PASSPHRASE":"placeholder"}""", true)]
    [InlineData("""{"type":"subscribe","product_ids":["BTC-USD"],"channels":["ticker"]}""", false)]
    [InlineData("""{"type":"subscribe","product_ids":["ETH-USD","ETH-EUR"],"channels":["level2_batch","heartbeat",{"name":"ticker","product_ids":["ETH-BTC"]}]}""", false)]
    [InlineData("""{"type":"unsubscribe","channels":["heartbeat"]}""", false)]
    [InlineData("""{"type":"subscribe","channels":[{"name":"status"}]}""", false)]
    [InlineData("""{"type":"subscribe","product_ids":["BTC-USD"],"channels":["matches"]}""", false)]
    public void Frames_that_carry_credentials_or_name_a_channel_that_needs_them_are_rebuilt_market_data_passes_as_it_came(string sent, bool rebuilt)
    {
        var session = Open(Reference());
        var frame = new ClientFrame();

        Assert.True(session.TryRead(Encoding.UTF8.GetBytes(sent), frame), frame.Error);

        Assert.Equal(rebuilt ? FrameAction.Rebuild : FrameAction.Forward, frame.Action);
        Assert.Equal(rebuilt ? EndpointCategory.Read : EndpointCategory.Public, frame.Endpoint.Category);
    }

    [Theory]
    [InlineData("""{"type":"subscribe","channels":"user"}""", "'channels' must be an array")]
    [InlineData("""{"type":"subscribe","channels":[1]}""", "'channels' must be an array")]
    [InlineData("""{"type":"subscribe","channels":[{"product_ids":["BTC-USD"]}]}""", "'channels' must be an array")]
    [InlineData("""{"type":"subscribe","channels":[{"name":"ticker","name":"user"}]}""", "'channels' must be an array")]
    [InlineData("""{"type":"subscribe","channels":["user"],"key":"a","KEY":"b"}""", "without regard to case")]
    [InlineData("""{"type":"subscribe","channels":["user"],"\u006Bey":"a"}""", "escapes")]
    [InlineData("{\"type\":\"subscribe\",\"channels\":[\"user\"],\"\u212Aey\":\"a\"}", "ASCII")] // KELVIN SIGN, which Go folds onto 'k'
    [InlineData("""{"channels":["user"]}""", "no 'type'")]
    public void Ambiguous_or_malformed_frames_are_refused_with_a_reason(string sent, string reason)
    {
        var session = Open(Reference());
        var frame = new ClientFrame();

        Assert.False(session.TryRead(Encoding.UTF8.GetBytes(sent), frame));

        Assert.Contains(reason, frame.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_passphrase_is_json_escaped_into_the_frame_and_never_part_of_what_is_signed()
    {
        const string awkward = "pa\"ss\\wörd+<&>";
        var session = Open(new VenueCredentials(ApiKey, new ReferenceHmacKey(Secret), awkward) { PassphraseHeader = awkward });

        var (_, _, output) = Rewrite(session, CapturedFrame, 1_796_662_096_000);

        Assert.Equal(awkward, JsonDocument.Parse(output.Body.WrittenMemory).RootElement.GetProperty("passphrase").GetString());
        Assert.Equal("1796662096GET/users/self/verify", Encoding.UTF8.GetString(output.Prehash.WrittenSpan));
        output.Dispose();
    }

    [Fact]
    public void A_venue_without_a_passphrase_refuses_to_rebuild()
    {
        var session = Open(new VenueCredentials(ApiKey, new ReferenceHmacKey(Secret)));

        var (outcome, _, output) = Rewrite(session, CapturedFrame, 1_796_662_096_000);

        Assert.Equal(SignOutcome.Rejected, outcome);
        Assert.Contains("passphrase", output.Error, StringComparison.Ordinal);
        Assert.Equal(0, output.Body.Length);
        output.Dispose();
    }

    [Fact]
    public void A_refusal_answers_in_coinbases_error_message_with_the_text_as_the_reason_too()
    {
        var session = Open(Reference());
        var frame = new ClientFrame();
        var sent = Encoding.UTF8.GetBytes(CapturedFrame);
        Assert.True(session.TryRead(sent, frame));
        using var output = new ByteBuilder();

        session.WriteError(sent, frame, FrameError.RateLimited, "venue 'cbx' is over its orders limit; retry after 1 s", output);

        var answer = JsonDocument.Parse(output.WrittenMemory).RootElement;
        Assert.Equal(["type", "message", "reason"], answer.EnumerateObject().Select(p => p.Name));
        Assert.Equal("error", answer.GetProperty("type").GetString());
        Assert.Equal("sidecar rate_limited: venue 'cbx' is over its orders limit; retry after 1 s", answer.GetProperty("message").GetString());
        Assert.Equal(answer.GetProperty("message").GetString(), answer.GetProperty("reason").GetString());
        Assert.DoesNotContain("placeholder", Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public void Rebuilding_and_signing_a_subscribe_allocates_nothing_once_warm()
    {
        AssertRebuildAllocatesNothing(Open(Reference()), CapturedFrame, 1_796_662_096_000);
    }

    private static WebSocketSession Open(VenueCredentials credentials) => CoinbaseSessions.Open("coinbase-exchange", credentials);

    private static VenueCredentials Reference() => new(ApiKey, new ReferenceHmacKey(Secret), Passphrase) { PassphraseHeader = Passphrase };


}
