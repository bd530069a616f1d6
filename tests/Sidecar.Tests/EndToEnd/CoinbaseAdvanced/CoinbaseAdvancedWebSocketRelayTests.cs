using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.EndToEnd.Coinbase;
using Sidecar.Tests.Infrastructure;
using Sidecar.Tests.Signing.CoinbaseAdvanced;

namespace Sidecar.Tests.EndToEnd.CoinbaseAdvanced;

/// <summary>
/// A plain WebSocket bot through the in-process proxy to the fake Coinbase Advanced Trade feed: the placeholder JWT
/// of a user subscribe is replaced by one made in the HSM for the venue's key (one signature per frame), market data
/// goes as it came, and a refused frame is answered in Coinbase's error message, never forwarded, with the
/// connection kept; each signed frame has its record in the audit chain.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseAdvancedWebSocketRelayTests(SoftHsmToken token) : IAsyncLifetime
{
    // websocket-venues.md §2.6: what ccxt's watchOrders sends with its placeholder CDP key (the JWT shortened).
    private const string PlaceholderSubscribe = """{"type":"subscribe","product_ids":["BTC-USD"],"channel":"user","jwt":"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJwbGFjZWhvbGRlciJ9.c2ln"}""";

    private CoinbaseAdvancedAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;
    private string _auditPath = null!;

    public async Task InitializeAsync()
    {
        _account = await CoinbaseAdvancedAccount.CreateAsync(token);
        var (config, auditPath) = CoinbaseFeedSetup.RelayConfig(token, "cba-ws", WebSocketVenue());
        _auditPath = auditPath;
        _sidecar = await SidecarUnderTest.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Each_user_subscribe_gets_its_own_jwt_made_in_the_hsm_for_the_venues_key()
    {
        using var bot = await ConnectAsync("/cba-ws");

        await bot.SendAsync(PlaceholderSubscribe);
        await bot.ReceiveUntilAsync(m => m.GetProperty("channel").GetString() == "user");
        await bot.SendAsync(PlaceholderSubscribe.Replace("\"subscribe\"", "\"unsubscribe\"", StringComparison.Ordinal));
        await bot.ReceiveAsync();

        var seen = _account.Exchange.FeedMessages;
        Assert.Equal(["subscribe", "unsubscribe"], seen.Select(m => m.Type));
        Assert.All(seen, m => Assert.Equal((SignatureCheck.Valid, _account.KeyName, (string?)null), (m.Signature, m.Key, m.Error)));
        var jwts = seen.Select(m => JsonDocument.Parse(m.Frame).RootElement.GetProperty("jwt").GetString()!).ToArray();
        Assert.NotEqual(jwts[0], jwts[1]);
        Assert.All(jwts, jwt => Assert.False(Jwt.FromAuthorization("Bearer " + jwt).Claims.TryGetProperty("uri", out _)));
        Assert.Equal(2, _sidecar.Signs);

        await _sidecar.FlushAuditAsync();
        var signed = File.ReadAllLines(_auditPath).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("method").GetString() == "WS" && r.GetProperty("decision").GetString() == "signed").ToArray();
        Assert.Equal(["/ subscribe", "/ unsubscribe"], signed.Select(r => r.GetProperty("path").GetString()));
        Assert.All(signed, r => Assert.Matches("^[0-9a-f]{64}$", r.GetProperty("signedSha256").GetString()));
    }

    [Fact]
    public async Task Market_data_without_a_jwt_goes_as_it_came_and_is_never_signed()
    {
        using var bot = await ConnectAsync("/cba-ws");
        const string sent = """{"type":"subscribe","product_ids":["BTC-USD"],"channel":"ticker"}""";

        await bot.SendAsync(sent);
        await bot.ReceiveUntilAsync(m => m.GetProperty("channel").GetString() == "ticker");

        Assert.Equal((sent, SignatureCheck.NotRequired), (Assert.Single(_account.Exchange.FeedMessages).Frame, _account.Exchange.FeedMessages[0].Signature));
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task A_refused_frame_is_answered_in_coinbases_error_message_and_never_forwarded()
    {
        using var denied = await ConnectAsync("/cba-ws-no-subscribe");
        using var malformed = await ConnectAsync("/cba-ws");

        await denied.SendAsync(PlaceholderSubscribe);
        var policy = await denied.ReceiveAsync();
        await malformed.SendAsync("""{"type":"subscribe","channel":"user","jwt":"a","JWT":"b"}""");
        var badRequest = await malformed.ReceiveAsync();
        await malformed.SendAsync("""{"type":"subscribe","product_ids":["BTC-USD"],"channel":"heartbeats"}""");
        var stillOpen = await malformed.ReceiveAsync();

        Assert.Equal(["type", "message"], policy.EnumerateObject().Select(p => p.Name));
        Assert.Equal("error", policy.GetProperty("type").GetString());
        Assert.StartsWith("sidecar policy_denied: ", policy.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("sidecar bad_request: ", badRequest.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("subscriptions", stillOpen.GetProperty("channel").GetString());
        Assert.Equal(["heartbeats"], _account.Exchange.FeedMessages.Select(m => m.Channels.Single()));
        Assert.Equal(0, _sidecar.Signs);
    }

    private JsonObject WebSocketVenue() => new()
    {
        ["Scheme"] = "coinbase-advanced",
        ["Upstream"] = _account.Exchange.WebSocketAddress.ToString().TrimEnd('/'),
        ["ApiKey"] = _account.KeyName,
        ["Key"] = _account.KeyLabel,
    };

    private Task<CoinbaseFeedClient> ConnectAsync(string target) =>
        CoinbaseFeedClient.ConnectAsync(new Uri($"ws://127.0.0.1:{_sidecar.ProxyAddress.Port}{target}"));
}
