using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.EndToEnd.Coinbase;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.CoinbaseExchange;

/// <summary>
/// A plain WebSocket bot through the in-process proxy to the fake Coinbase Exchange feed: subscribes with placeholder
/// credentials are rebuilt and verify at the fake; market data goes as it came; refused frames are answered in
/// Coinbase's error message and never forwarded, the connection kept; the bare '?' ccxt puts on its authenticated URL
/// is accepted. The passphrase, which travels in clear inside the forwarded frame, appears in no log line, audit
/// record or error frame, whichever way a frame ends.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseExchangeWebSocketRelayTests(SoftHsmToken token) : IAsyncLifetime
{
    private CoinbaseExchangeAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;
    private string _auditPath = null!;

    public async Task InitializeAsync()
    {
        _account = await CoinbaseExchangeAccount.CreateAsync(token);
        var (config, auditPath) = CoinbaseFeedSetup.RelayConfig(token, "cbx-ws", WebSocketVenue());
        _auditPath = auditPath;
        _sidecar = await SidecarUnderTest.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Theory]
    [InlineData("/cbx-ws?")]
    [InlineData("/cbx-ws/?")]
    [InlineData("/cbx-ws")]
    public async Task A_subscribe_with_placeholders_is_rebuilt_signed_and_accepted_also_on_a_url_with_a_bare_question_mark(string target)
    {
        using var bot = await ConnectAsync(target);

        await bot.SendAsync(PlaceholderSubscribe());
        var confirmed = await bot.ReceiveAsync();

        Assert.Equal("""{"type":"subscriptions","channels":[{"name":"user","product_ids":["BTC-USD"]}]}""", confirmed.GetRawText());
        var seen = Assert.Single(_account.Exchange.FeedMessages);
        Assert.Equal((SignatureCheck.Valid, _account.ApiKey, (string?)null), (seen.Signature, seen.Key, seen.Error));
        Assert.DoesNotContain("placeholder", seen.Frame, StringComparison.Ordinal);

        // The empty query is dropped: the exchange's feed is opened at its root.
        Assert.Equal("/", Assert.Single(_account.Exchange.FeedConnections).RawTarget);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Fact]
    public async Task Market_data_without_credentials_goes_as_it_came_and_is_never_signed()
    {
        using var bot = await ConnectAsync("/cbx-ws");
        const string sent = """{"type":"subscribe","product_ids":["BTC-USD"],"channels":["ticker",{"name":"heartbeat","product_ids":["ETH-USD"]}]}""";

        await bot.SendAsync(sent);
        await bot.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "ticker");

        var seen = Assert.Single(_account.Exchange.FeedMessages);
        Assert.Equal((sent, SignatureCheck.NotRequired), (seen.Frame, seen.Signature));
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task A_denied_subscribe_is_answered_in_coinbases_error_message_never_forwarded_and_the_connection_stays_open()
    {
        using var bot = await ConnectAsync("/cbx-ws-no-subscribe?");

        await bot.SendAsync(PlaceholderSubscribe());
        var refused = await bot.ReceiveAsync();
        await bot.SendAsync("""{"type":"unsubscribe","channels":["heartbeat"]}""");
        var unsubscribed = await bot.ReceiveAsync();

        Assert.Equal("error", refused.GetProperty("type").GetString());
        Assert.StartsWith("sidecar policy_denied: ", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Deny 'WS /subscribe'", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(refused.GetProperty("message").GetString(), refused.GetProperty("reason").GetString());
        Assert.Equal("subscriptions", unsubscribed.GetProperty("type").GetString());
        Assert.Equal(["unsubscribe"], _account.Exchange.FeedMessages.Select(m => m.Type));
        Assert.Equal(0, _sidecar.Signs);
    }

    [Theory]
    [InlineData("""{"type":"subscribe","channels":["user"],"key":"placeholder-key","KEY":"placeholder-key"}""", "without regard to case")]
    [InlineData("""{"type":"subscribe","channels":"user","passphrase":"placeholder-passphrase"}""", "'channels' must be an array")]
    [InlineData("""{"type":"subscribe","channels":["user"],"passphrase":"placeholder-passphrase" """, "not JSON")]
    public async Task Ambiguous_or_malformed_frames_get_a_bad_request_error_and_are_never_forwarded(string sent, string reason)
    {
        using var bot = await ConnectAsync("/cbx-ws");

        await bot.SendAsync(sent);
        var refused = await bot.ReceiveAsync();

        Assert.StartsWith("sidecar bad_request: ", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(reason, refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("placeholder", refused.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(_account.Exchange.FeedMessages);
    }

    [Fact]
    public async Task The_passphrase_appears_in_no_log_line_audit_record_or_error_frame()
    {
        var answers = new List<string>();
        using (var bot = await ConnectAsync("/cbx-ws?"))
        {
            await bot.SendAsync(PlaceholderSubscribe());
            answers.Add((await bot.ReceiveAsync()).GetRawText());
            await bot.SendAsync("""{"type":"subscribe","channels":["user"],"key":"k","Key":"k"}""");
            answers.Add((await bot.ReceiveAsync()).GetRawText());
        }

        using (var bot = await ConnectAsync("/cbx-ws-no-subscribe"))
        {
            await bot.SendAsync(PlaceholderSubscribe());
            answers.Add((await bot.ReceiveAsync()).GetRawText());
        }

        // The passphrase did reach the exchange, inside the one frame that was forwarded.
        Assert.Equal(_account.Passphrase, JsonDocument.Parse(Assert.Single(_account.Exchange.FeedMessages).Frame).RootElement.GetProperty("passphrase").GetString());
        await _sidecar.FlushAuditAsync();
        var audit = await File.ReadAllTextAsync(_auditPath);
        Assert.Contains("\"decision\":\"signed\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"decision\":\"refused\"", audit, StringComparison.Ordinal);
        foreach (var text in new[] { audit, _sidecar.Logs.All, string.Join('\n', answers) })
        {
            Assert.DoesNotContain(_account.Passphrase, text, StringComparison.Ordinal);
            Assert.DoesNotContain(_account.Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(_account.ApiKey, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task With_the_hsm_gone_a_subscribe_gets_an_hsm_unavailable_error_and_nothing_is_forwarded()
    {
        // The token served by `p11-kit server` in another process, killed while the relay runs: the HSM going away.
        var socket = Path.Combine(token.Directory, $"p11-{Guid.NewGuid():N}.sock");
        using var server = P11KitServer.Start(socket);
        NativeEnvironment.Set("P11_KIT_SERVER_ADDRESS", "unix:path=" + socket);
        await using var sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject { ["cbx-ws"] = WebSocketVenue() }, RepoPaths.P11KitClientModule));
        using var bot = await CoinbaseFeedClient.ConnectAsync(new Uri($"ws://127.0.0.1:{sidecar.ProxyAddress.Port}/cbx-ws?"));
        await bot.SendAsync(PlaceholderSubscribe());
        await bot.ReceiveAsync();

        server.Kill();
        await bot.SendAsync(PlaceholderSubscribe());
        var refused = await bot.ReceiveAsync();

        Assert.StartsWith("sidecar hsm_unavailable: ", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Passphrase, refused.GetRawText(), StringComparison.Ordinal);
        Assert.Single(_account.Exchange.FeedMessages);
        Assert.DoesNotContain(_account.Passphrase, sidecar.Logs.All, StringComparison.Ordinal);
    }

    private JsonObject WebSocketVenue()
    {
        var venue = SidecarUnderTest.VenueWithPassphrase("coinbase-exchange", _account.Exchange.WebSocketAddress, _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel);
        venue.Remove("Hosts");
        return venue;
    }

    /// <summary>What ccxt's watchOrders sends (websocket-venues.md §2.7), with a current timestamp.</summary>
    private static string PlaceholderSubscribe() =>
        $$"""{"type":"subscribe","product_ids":["BTC-USD"],"channels":["user"],"timestamp":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}},"key":"placeholder-key","signature":"pWGwyFLQ=","passphrase":"placeholder-passphrase"}""";

    private Task<CoinbaseFeedClient> ConnectAsync(string target) =>
        CoinbaseFeedClient.ConnectAsync(new Uri($"ws://127.0.0.1:{_sidecar.ProxyAddress.Port}{target}"));
}
