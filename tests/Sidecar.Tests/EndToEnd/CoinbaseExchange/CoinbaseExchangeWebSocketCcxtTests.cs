using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.EndToEnd.Coinbase;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.CoinbaseExchange;

/// <summary>
/// A real ccxt pro bot (coinbase-exchange-ws-bot.mjs, sidecar mode) holding placeholder credentials, through the real
/// <c>sidecar run</c> process, to the fake Coinbase Exchange: REST orders and the feed's watchTicker (public, passed
/// through) and watchOrders (user channel on ccxt's authenticated <c>url + '?'</c> connection, its key, passphrase
/// and signature put in by Sidecar). The fake checks every signature with its own code: it sees only valid ones, for
/// the real key; the passphrase reaches it and nothing else.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseExchangeWebSocketCcxtTests(SoftHsmToken token) : IAsyncLifetime
{
    private CoinbaseExchangeAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;
    private string _auditPath = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await CoinbaseExchangeAccount.CreateAsync(token);
        var webSocket = _account.Venue();
        webSocket["Upstream"] = _account.Exchange.WebSocketAddress.ToString().TrimEnd('/');
        webSocket.Remove("Hosts");
        var config = SidecarUnderTest.Config(token, new JsonObject { ["coinbase-exchange"] = _account.Venue(), ["coinbase-exchange-ws"] = webSocket });
        _auditPath = Path.Combine(token.Directory, $"audit-{Guid.NewGuid():N}.jsonl");
        config["Audit"] = new JsonObject { ["Path"] = _auditPath };
        _sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory, SidecarProcessUnderTest.RequestLines);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Ccxt_pro_with_placeholder_credentials_watches_market_data_and_its_orders_over_the_feed()
    {
        var result = await CoinbaseFeedSetup.RunBotAsync("coinbase-exchange-ws-bot.mjs", _sidecar);

        var user = CoinbaseFeedSetup.AssertWatchedTickerAndOrders(result, _account.Exchange.FeedMessages,
            """{"type":"subscribe","product_ids":["BTC-USD"],"channels":["ticker"]}""", _account.ApiKey);
        Assert.Equal(_account.Passphrase, JsonDocument.Parse(user.Frame).RootElement.GetProperty("passphrase").GetString());

        // ccxt keeps its authenticated client apart by a trailing '?'; Node's ws sends an empty query as none, and
        // Sidecar opens the exchange's feed at its root either way.
        Assert.Equal(2, _account.Exchange.FeedConnections.Count);
        Assert.All(_account.Exchange.FeedConnections, c => Assert.Equal(("/", "/", (string?)null), (c.Path, c.RawTarget, c.OfferedExtensions)));
        Assert.DoesNotContain(_account.Exchange.Requests, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);

        // The feed's subscribe is in the audit chain; no secret is in the audit or the output.
        await Eventually.UntilAsync(() => File.Exists(_auditPath) && File.ReadAllText(_auditPath).Contains("\"method\":\"WS\"", StringComparison.Ordinal), "the subscribe's audit record");
        var audit = File.ReadAllText(_auditPath);
        Assert.Contains(audit.Split('\n'), l => l.Contains("\"method\":\"WS\"", StringComparison.Ordinal) && l.Contains("\"path\":\"/ subscribe\"", StringComparison.Ordinal));
        var output = _sidecar.Output;
        foreach (var secret in new[] { _account.Passphrase, _account.Secret, _account.ApiKey, token.Pin })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
        }
    }
}
