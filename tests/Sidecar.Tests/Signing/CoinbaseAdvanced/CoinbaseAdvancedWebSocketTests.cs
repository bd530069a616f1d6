using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sidecar.FakeExchange.CoinbaseAdvanced;
using Sidecar.Pkcs11;
using Sidecar.Signing;
using Sidecar.Signing.Policy;
using Sidecar.Signing.WebSockets;
using Sidecar.Tests.Infrastructure;
using Sidecar.Tests.Signing.Coinbase;
using static Sidecar.Tests.Signing.Coinbase.CoinbaseSessions;

namespace Sidecar.Tests.Signing.CoinbaseAdvanced;

/// <summary>
/// The Coinbase Advanced Trade feed session: subscribe frames read, the ones that carry a JWT or name a channel that
/// needs one rebuilt with an ES256 JWT (no <c>uri</c> claim) made with the venue's key. Coinbase publishes no JWT
/// with an expected value and ES256 is randomised, so tokens are checked with independent verifiers: .NET's ECDsa
/// with the public key, and the fake exchange's own checker.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseAdvancedWebSocketTests(SoftHsmToken token)
{
    private const string KeyName = "organizations/9e5b2a41-1c2d-4e6f-8a9b-0c1d2e3f4a5b/apiKeys/7f8e9d0c-1b2a-3c4d-5e6f-7a8b9c0d1e2f";

    // websocket-venues.md §2.6: captured from ccxt 4.5.84 (watchOrders) with the placeholder CDP key; the JWT is the
    // one ccxt signed with its throwaway EC key (payload iss coinbase-cloud, aud retail_rest_api_proxy).
    private const string CapturedFrame = """{"type":"subscribe","product_ids":[],"channel":"user","jwt":"eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Im9yZ2FuaXphdGlvbnMvcGxhY2Vob2xkZXItb3JnL2FwaUtleXMvcGxhY2Vob2xkZXIta2V5Iiwibm9uY2UiOiJi.eyJhdWQiOlsicmV0YWlsX3Jlc3RfYXBpX3Byb3h5Il19.c2ln"}""";

    [Fact]
    public void The_captured_ccxt_subscribe_is_rebuilt_with_a_jwt_signed_in_SoftHSM_that_independent_verifiers_accept()
    {
        var label = TestSecrets.Label("ws-cba");
        var pem = token.GenerateKeyPair(label, KeyType.EcP256);
        using var hsm = token.Connect();
        var session = Open(new VenueCredentials(KeyName, hsm.ResolveSigningKey(label, SignatureAlgorithm.EcdsaP256Sha256)));
        var now = DateTimeOffset.UtcNow;

        var (outcome, frame, output) = Rewrite(session, CapturedFrame, now.ToUnixTimeMilliseconds());

        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.Equal(EndpointCategory.Read, frame.Endpoint.Category);
        Assert.Equal("subscribe", Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(CapturedFrame)[frame.Method]));
        using var json = JsonDocument.Parse(output.Body.WrittenMemory);
        var forwarded = json.RootElement;
        Assert.Equal(["type", "product_ids", "channel", "jwt"], forwarded.EnumerateObject().Select(p => p.Name));
        Assert.Equal("user", forwarded.GetProperty("channel").GetString());
        Assert.Equal(0, forwarded.GetProperty("product_ids").GetArrayLength());
        var jwt = forwarded.GetProperty("jwt").GetString()!;
        Assert.DoesNotContain("placeholder", Encoding.UTF8.GetString(output.Body.WrittenSpan), StringComparison.Ordinal);

        var parts = Jwt.FromAuthorization("Bearer " + jwt);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(pem);
        Assert.True(publicKey.VerifyData(Encoding.ASCII.GetBytes(parts.SigningInput), parts.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        using var fake = new CoinbaseJwtVerifier(KeyName, pem, "api.coinbase.com");
        Assert.Null(fake.CheckWebSocket(jwt, now, out var kid));
        Assert.Equal(KeyName, kid);
        Assert.Equal(parts.SigningInput, Encoding.ASCII.GetString(output.Prehash.WrittenSpan));
        output.Dispose();
    }

    [Fact]
    public void The_jwt_is_the_rest_jwt_without_the_uri_claim_from_the_venues_clock()
    {
        using var key = new ReferenceEcdsaKey();
        var session = Open(new VenueCredentials(KeyName, key));

        var (_, _, output) = Rewrite(session, CapturedFrame, 1_796_662_069_051);

        var jwt = Jwt.FromAuthorization("Bearer " + JsonDocument.Parse(output.Body.WrittenMemory).RootElement.GetProperty("jwt").GetString());
        Assert.Equal(["alg", "kid", "nonce", "typ"], jwt.Header.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ES256", jwt.Header.GetProperty("alg").GetString());
        Assert.Equal(KeyName, jwt.Header.GetProperty("kid").GetString());
        Assert.Matches("^[0-9a-f]{32}$", jwt.Header.GetProperty("nonce").GetString());
        Assert.Equal("JWT", jwt.Header.GetProperty("typ").GetString());
        Assert.Equal($$"""{"sub":"{{KeyName}}","iss":"cdp","nbf":1796662069,"exp":1796662189}""", jwt.ClaimsJson);
        Assert.True(key.Verify(Encoding.ASCII.GetBytes(jwt.SigningInput), jwt.Signature));
        Assert.Equal(1, key.Signs);
        output.Dispose();
    }

    [Fact]
    public void Every_rebuilt_frame_gets_its_own_jwt()
    {
        using var key = new ReferenceEcdsaKey();
        var session = Open(new VenueCredentials(KeyName, key));

        var (_, _, first) = Rewrite(session, CapturedFrame, 1_796_662_069_051);
        var (_, _, second) = Rewrite(session, CapturedFrame, 1_796_662_069_051);

        Assert.NotEqual(Encoding.UTF8.GetString(first.Body.WrittenSpan), Encoding.UTF8.GetString(second.Body.WrittenSpan));
        Assert.Equal(2, key.Signs);
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public void Legacy_hmac_members_and_any_spelling_of_jwt_are_dropped_and_replaced_by_one_jwt()
    {
        using var key = new ReferenceEcdsaKey();
        var session = Open(new VenueCredentials(KeyName, key));

        // ccxt sends api_key/timestamp/signature (HMAC) for a key that is not a CDP key.
        var (outcome, _, output) = Rewrite(session,
            """{"type":"subscribe","product_ids":["BTC-USD"],"channel":"user","api_key":"placeholder-key","timestamp":"1796662069","Signature":"abc","JWT":"x.y.z"}""",
            1_796_662_069_051);

        Assert.Equal(SignOutcome.Signed, outcome);
        var forwarded = JsonDocument.Parse(output.Body.WrittenMemory).RootElement;
        Assert.Equal(["type", "product_ids", "channel", "jwt"], forwarded.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channel\":\"user\",\"jwt\":\"ey", Encoding.UTF8.GetString(output.Body.WrittenSpan), StringComparison.Ordinal);
        output.Dispose();
    }

    [Theory]
    [InlineData("""{"type":"subscribe","product_ids":["BTC-USD"],"channel":"user"}""")]
    [InlineData("""{"type":"unsubscribe","product_ids":[],"channel":"user"}""")]
    [InlineData("""{"type":"subscribe","channel":"futures_balance_summary"}""")]
    [InlineData("""{"type":"subscribe","channel":"us\u0065r"}""")]
    public void A_subscription_to_a_channel_that_needs_a_jwt_gets_one_even_when_the_bot_sent_none(string sent)
    {
        using var key = new ReferenceEcdsaKey();
        var session = Open(new VenueCredentials(KeyName, key));

        var (outcome, frame, output) = Rewrite(session, sent, 1_796_662_069_051);

        Assert.Equal(FrameAction.Rebuild, frame.Action);
        Assert.Equal(SignOutcome.Signed, outcome);
        Assert.True(JsonDocument.Parse(output.Body.WrittenMemory).RootElement.TryGetProperty("jwt", out _));
        output.Dispose();
    }

    [Theory]
    [InlineData("""{"type":"subscribe","product_ids":["BTC-USD"],"channel":"ticker"}""")]
    [InlineData("""{"type":"subscribe","product_ids":["ETH-USD","ETH-EUR"],"channel":"level2"}""")]
    [InlineData("""{"type":"subscribe","channel":"heartbeats"}""")]
    [InlineData("""{"type":"unsubscribe","product_ids":["BTC-USD"],"channel":"market_trades"}""")]
    [InlineData("""{"type":"subscribe","channel":"some_new_channel"}""")]
    [InlineData("""{"type":"ping","channel":"user"}""")]
    public void Market_data_without_credentials_passes_through_as_it_came(string sent)
    {
        var session = Open(new VenueCredentials(KeyName, new ReferenceEcdsaKey()));
        var frame = new ClientFrame();

        Assert.True(session.TryRead(Encoding.UTF8.GetBytes(sent), frame), frame.Error);

        Assert.Equal(FrameAction.Forward, frame.Action);
        Assert.Equal(EndpointCategory.Public, frame.Endpoint.Category);
    }

    [Fact]
    public void Market_data_with_a_jwt_is_rebuilt_with_the_venues()
    {
        var session = Open(new VenueCredentials(KeyName, new ReferenceEcdsaKey()));
        var frame = new ClientFrame();

        Assert.True(session.TryRead("""{"type":"subscribe","product_ids":["BTC-USD"],"channel":"ticker","jwt":"placeholder"}"""u8, frame));

        Assert.Equal(FrameAction.Rebuild, frame.Action);
        Assert.Equal(EndpointCategory.Read, frame.Endpoint.Category);
    }

    [Fact]
    public void An_unknown_message_type_that_carries_credentials_is_unlisted_and_so_refused_by_every_profile()
    {
        var session = Open(new VenueCredentials(KeyName, new ReferenceEcdsaKey()));
        var frame = new ClientFrame();

        Assert.True(session.TryRead("""{"type":"create_order","channel":"user","jwt":"placeholder"}"""u8, frame));

        Assert.Equal(EndpointCategory.Unknown, frame.Endpoint.Category);
        Assert.Equal(FrameAction.Rebuild, frame.Action);
    }

    [Theory]
    [InlineData("""[1,2]""", "JSON object")]
    [InlineData("""{"type":"subscribe","channel":"user""", "not JSON")]
    [InlineData("""{"type":"subscribe"} {}""", "not JSON")]
    [InlineData("""{"channel":"user","jwt":"x"}""", "no 'type'")]
    [InlineData("""{"type":"subscr\u0069be","channel":"user"}""", "plain string")]
    [InlineData("""{"type":1,"channel":"user"}""", "plain string")]
    [InlineData("""{"type":"subscribe","channel":["user"]}""", "'channel' must be a string")]
    [InlineData("""{"type":"subscribe","channel":"user","jwt":"a","jwt":"b"}""", "given twice")]
    [InlineData("""{"type":"subscribe","channel":"user","jwt":"a","Jwt":"b"}""", "without regard to case")]
    [InlineData("""{"type":"subscribe","channel":"ticker","Channel":"user"}""", "without regard to case")]
    [InlineData("""{"type":"subscribe","channel":"user","\u006Awt":"a"}""", "escapes")]
    [InlineData("""{"type":"subscribe","channel":"user","ｊwt":"a"}""", "ASCII")]
    public void Ambiguous_or_malformed_frames_are_refused_with_a_reason(string sent, string reason)
    {
        var session = Open(new VenueCredentials(KeyName, new ReferenceEcdsaKey()));
        var frame = new ClientFrame();

        Assert.False(session.TryRead(Encoding.UTF8.GetBytes(sent), frame));

        Assert.Contains(reason, frame.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_answers_in_coinbases_error_message_with_sidecars_name_for_the_error()
    {
        var session = Open(new VenueCredentials(KeyName, new ReferenceEcdsaKey()));
        var frame = new ClientFrame();
        var sent = """{"type":"subscribe","channel":"user","jwt":"x"}"""u8.ToArray();
        Assert.True(session.TryRead(sent, frame));
        using var output = new ByteBuilder();

        session.WriteError(sent, frame, FrameError.PolicyDenied, "refused by the venue's Deny rule 'WS /subscribe' (rule: Deny 'WS /subscribe')", output);

        Assert.Equal(
            """{"type":"error","message":"sidecar policy_denied: refused by the venue\u0027s Deny rule \u0027WS /subscribe\u0027 (rule: Deny \u0027WS /subscribe\u0027)"}""",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Rebuilding_and_signing_a_subscribe_allocates_nothing_once_warm()
    {
        AssertRebuildAllocatesNothing(Open(new VenueCredentials(KeyName, new FixedKey())), CapturedFrame, 1_796_662_069_051);
    }



    private static WebSocketSession Open(VenueCredentials credentials) => CoinbaseSessions.Open("coinbase-advanced", credentials);

    /// <summary>A key that returns a fixed 64-byte "signature": the allocation test measures the session, not ECDsa.</summary>
    private sealed class FixedKey : ISigningKey
    {
        public string Label => "fixed";

        public SignatureAlgorithm Algorithm => SignatureAlgorithm.EcdsaP256Sha256;

        public SignResult Sign(ReadOnlySpan<byte> data, Span<byte> signature)
        {
            signature[..64].Fill(0x5A);
            return new SignResult(64, "fixed");
        }
    }
}
