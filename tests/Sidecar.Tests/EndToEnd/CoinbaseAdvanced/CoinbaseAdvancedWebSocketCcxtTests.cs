using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.EndToEnd.Coinbase;
using Sidecar.Tests.Infrastructure;
using Sidecar.Tests.Signing.CoinbaseAdvanced;

namespace Sidecar.Tests.EndToEnd.CoinbaseAdvanced;

/// <summary>
/// A real ccxt pro bot (coinbase-advanced-ws-bot.mjs, sidecar mode) holding a placeholder key name and a throwaway
/// EC key, through the real <c>sidecar run</c> process, to the fake Coinbase Advanced Trade: REST orders and the
/// feed's watchTicker (public, passed through) and watchOrders (user channel, its JWT made in the HSM). The fake
/// checks every JWT with its own code: it sees only valid ones, for the real key name.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseAdvancedWebSocketCcxtTests(SoftHsmToken token) : IAsyncLifetime
{
    private CoinbaseAdvancedAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await CoinbaseAdvancedAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["coinbase-advanced"] = _account.Venue(),
            ["coinbase-advanced-ws"] = new JsonObject
            {
                ["Scheme"] = "coinbase-advanced",
                ["Upstream"] = _account.Exchange.WebSocketAddress.ToString().TrimEnd('/'),
                ["ApiKey"] = _account.KeyName,
                ["Key"] = _account.KeyLabel,
            },
        });
        _sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory, SidecarProcessUnderTest.RequestLines);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Ccxt_pro_with_a_placeholder_key_watches_market_data_and_its_orders_over_the_feed()
    {
        var result = await CoinbaseFeedSetup.RunBotAsync("coinbase-advanced-ws-bot.mjs", _sidecar, ("PLACEHOLDER_PEM", CoinbaseAdvancedAccount.ThrowawayPem()));

        // Market data went as ccxt sent it; the user subscribe was rebuilt: the JWT is the venue's, without a uri.
        var user = CoinbaseFeedSetup.AssertWatchedTickerAndOrders(result, _account.Exchange.FeedMessages,
            """{"type":"subscribe","product_ids":["BTC-USD"],"channel":"ticker"}""", _account.KeyName);
        var frame = JsonDocument.Parse(user.Frame).RootElement;
        var jwt = Jwt.FromAuthorization("Bearer " + frame.GetProperty("jwt").GetString());
        Assert.Equal("cdp", jwt.Claims.GetProperty("iss").GetString());
        Assert.False(jwt.Claims.TryGetProperty("uri", out _));
        Assert.False(jwt.Claims.TryGetProperty("aud", out _));
        Assert.All(_account.Exchange.FeedConnections, c => Assert.Null(c.OfferedExtensions));
        Assert.DoesNotContain(_account.Exchange.Requests, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);

        var output = _sidecar.Output;
        Assert.DoesNotContain(_account.KeyName, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }
}
