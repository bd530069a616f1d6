using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Deribit;

/// <summary>
/// A real ccxt pro bot (deribit-ws-bot.mjs, sidecar mode) with placeholder credentials, through the real
/// <c>sidecar run</c> process, to the fake Deribit's WebSocket API: watchBalance (public/auth, then user.portfolio),
/// private/buy over ccxt's own authenticated connection (ccxt 4.5.84 has no createOrderWs for Deribit), watchOrders,
/// a private/withdraw refused in Deribit's envelope on the same connection, and private/cancel. The fake verifies the
/// login with its own code: it sees one valid client_signature with the real client id; the bot sees only
/// placeholder tokens, and no token the fake issued appears in the bot's or Sidecar's output.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class DeribitWebSocketCcxtTests(SoftHsmToken token) : IAsyncLifetime
{
    private DeribitAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await DeribitAccount.CreateAsync(token);
        var config = SidecarUnderTest.Config(token, new JsonObject
        {
            ["deribit"] = _account.Venue(),
            ["deribit-ws"] = _account.WebSocketVenue(),
        });
        _sidecar = await SidecarProcessUnderTest.StartAsync(config, token.Directory, SidecarProcessUnderTest.RequestLines);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Ccxt_pro_with_placeholder_credentials_watches_its_account_and_trades_over_the_websocket()
    {
        var result = await CcxtBot.RunAsync("deribit-ws-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "sidecar",
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
            ["SIDECAR_WS"] = $"ws://127.0.0.1:{_sidecar.ProxyUrl.Port}",
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["loadMarkets", "watchBalance", "buyWs", "watchOrders", "withdrawRefused", "fetchOpenOrders", "cancelWs"], result.Steps);
        var lines = string.Join('\n', result.Lines);
        Assert.Contains("\"accessToken\":\"placeholder\",\"refreshToken\":\"placeholder\"", lines, StringComparison.Ordinal);

        var frames = _account.Exchange.WebSockets.Frames;
        Assert.Equal(["public/auth", "private/subscribe", "private/subscribe", "private/buy", "private/cancel"], frames.Select(f => f.Method));
        Assert.All(frames, f => Assert.True(f.Succeeded, $"{f.Method} → {f.ErrorCode} {f.ErrorMessage}"));
        var login = frames[0];
        Assert.Equal(("client_signature", _account.ClientId, SignatureCheck.Valid), (login.GrantType, login.ClientId, login.Signature));
        Assert.DoesNotContain(frames, f => f.Frame.Contains("placeholder", StringComparison.Ordinal));
        Assert.DoesNotContain(_account.Exchange.Requests, r => r.Signature is SignatureCheck.Invalid or SignatureCheck.Missing);

        var issued = _account.Exchange.WebSockets.IssuedTokens;
        Assert.Equal(2, issued.Count);
        var output = _sidecar.Output;
        Assert.All(issued, t =>
        {
            Assert.DoesNotContain(t, lines, StringComparison.Ordinal);
            Assert.DoesNotContain(t, output, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(_account.ClientSecret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ClientId, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }
}
