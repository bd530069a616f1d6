using System.Globalization;
using System.Text.Json;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bitfinex;

/// <summary>
/// A real ccxt pro bot (bitfinex-ws-bot.mjs, sidecar mode) with placeholder credentials, through the real
/// <c>sidecar run</c> process, to the fake Bitfinex: REST fetchBalance, then watchBalance over the WebSocket, then an
/// order over REST seen by watchOrders. ccxt's auth nonce is in milliseconds, a thousand times below the key's REST
/// nonces: only Sidecar's nonce, from the key's one counter, gets the auth through — and REST after it still works.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BitfinexWebSocketCcxtTests(SoftHsmToken token) : IAsyncLifetime
{
    private BitfinexAccount _account = null!;
    private SidecarProcessUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        CcxtBot.EnsureInstalled();
        _account = await BitfinexAccount.CreateAsync(token);
        var venues = _account.Venues();
        var webSocket = _account.WebSocketVenue();
        webSocket["RateLimitsFrom"] = "bitfinex";
        venues["bitfinex-ws"] = webSocket;
        _sidecar = await SidecarProcessUnderTest.StartAsync(SidecarUnderTest.Config(token, venues), token.Directory, SidecarProcessUnderTest.RequestLines);
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Ccxt_pro_with_placeholder_credentials_watches_its_account_with_nonces_that_never_go_back()
    {
        var result = await CcxtBot.RunAsync("bitfinex-ws-bot.mjs", new Dictionary<string, string>
        {
            ["SIDECAR_MODE"] = "sidecar",
            ["SIDECAR_URL"] = _sidecar.ProxyUrl.ToString(),
            ["SIDECAR_WS"] = $"ws://127.0.0.1:{_sidecar.ProxyUrl.Port}",
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(BitfinexWebSocketFakeValidationTests.Steps, result.Steps);

        var auth = Assert.Single(_account.Exchange.WebSockets.Frames);
        Assert.Equal(("auth", SignatureCheck.Valid, _account.ApiKey, null), (auth.Method, auth.Signature, auth.ApiKey, auth.Error));
        Assert.DoesNotContain("placeholder", auth.Frame, StringComparison.Ordinal);

        // One strictly increasing sequence for the key: REST wallets < WebSocket auth < REST submit < REST cancel.
        using var frame = JsonDocument.Parse(auth.Frame);
        var wsNonce = frame.RootElement.GetProperty("authNonce").GetInt64();
        var rest = _account.Exchange.Requests.Where(r => r.Path.StartsWith("/v2/auth/", StringComparison.Ordinal))
            .Select(r => (r.Path, Nonce: long.Parse(r.Headers["bfx-nonce"], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(["/v2/auth/r/wallets", "/v2/auth/w/order/submit", "/v2/auth/w/order/cancel"], rest.Select(r => r.Path));
        Assert.True(rest[0].Nonce < wsNonce && wsNonce < rest[1].Nonce, $"REST {rest[0].Nonce}, WebSocket {wsNonce}, REST {rest[1].Nonce}");
        Assert.Equal("AUTH" + wsNonce.ToString(CultureInfo.InvariantCulture), frame.RootElement.GetProperty("authPayload").GetString());
        Assert.All(_account.Exchange.Requests, r => Assert.True(r.ErrorCode is null, $"{r.Path}: {r.ErrorCode}"));

        var output = _sidecar.Output;
        Assert.DoesNotContain(_account.ApiKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, output, StringComparison.Ordinal);
    }
}
