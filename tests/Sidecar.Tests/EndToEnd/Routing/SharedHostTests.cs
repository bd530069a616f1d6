using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Routing;

/// <summary>
/// Two Binance sub-accounts behind one host in ccxt's proxyUrl form (#21 part 3): each venue names the placeholder key
/// its bot sends (ClientKey), the key chooses the venue, and the venue's real key replaces it. Each sub-account is a
/// fake Binance of its own that accepts only its own key, so a request signed for the wrong account is refused there.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class SharedHostTests(SoftHsmToken token) : IAsyncLifetime
{
    private BinanceAccount _first = null!;
    private BinanceAccount _second = null!;
    private SidecarUnderTest _sidecar = null!;

    public async Task InitializeAsync()
    {
        _first = await BinanceAccount.CreateAsync(token);
        _second = await BinanceAccount.CreateAsync(token);
        var venues = new JsonObject
        {
            ["sub1"] = SubAccount(_first, "sub1-placeholder"),
            ["sub2"] = SubAccount(_second, "sub2-placeholder"),
        };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, venues));
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Theory]
    [InlineData("sub1-placeholder", 0)]
    [InlineData("sub2-placeholder", 1)]
    public async Task The_placeholder_key_selects_the_sub_account_and_its_real_key_replaces_it(string clientKey, int account)
    {
        using var response = await SendAsync(HttpMethod.Get, "/https://api.binance.com/api/v3/account", clientKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (chosen, other) = account == 0 ? (_first, _second) : (_second, _first);
        var seen = Assert.Single(chosen.Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(chosen.ApiKey, seen.ApiKeyHeader);
        Assert.Empty(other.Exchange.Requests);
    }

    [Theory]
    [InlineData("sub3-placeholder", 404, "unknown_venue")]
    [InlineData(null, 404, "unknown_venue")]
    [InlineData("", 404, "unknown_venue")]
    public async Task A_private_request_whose_key_selects_no_venue_is_refused_and_never_guessed(string? clientKey, int status, string code)
    {
        using var response = await SendAsync(HttpMethod.Get, "/https://api.binance.com/api/v3/account", clientKey);

        await SidecarErrors.AssertAsync(response, status, code);
        var message = await response.Content.ReadAsStringAsync();
        Assert.Contains("ClientKey", message, StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(clientKey))
        {
            // The key is never echoed: a bot that sent its real key by mistake must not find it in errors or logs.
            Assert.DoesNotContain(clientKey, message, StringComparison.Ordinal);
        }

        Assert.Empty(_first.Exchange.Requests);
        Assert.Empty(_second.Exchange.Requests);
    }

    [Theory]
    [InlineData("X-MBX-APIKEY: sub1-placeholder\r\nX-MBX-APIKEY: sub2-placeholder\r\n", 400, "bad_request")]
    [InlineData("X-MBX-APIKEY: sub1-placeholder, sub2-placeholder\r\n", 404, "unknown_venue")]
    public async Task Two_keys_in_one_request_select_no_venue(string headers, int status, string code)
    {
        var answer = await RawHttp.SendAsync(_sidecar.ProxyAddress,
            $"GET /https://api.binance.com/api/v3/account HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{headers}\r\n");

        SidecarErrors.AssertRaw(answer, status, code);
        Assert.Empty(_first.Exchange.Requests);
        Assert.Empty(_second.Exchange.Requests);
    }

    [Fact]
    public async Task A_public_request_without_a_key_goes_to_the_first_venue_on_the_host()
    {
        using var response = await SendAsync(HttpMethod.Get, "/https://api.binance.com/api/v3/time", clientKey: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/api/v3/time", Assert.Single(_first.Exchange.Requests).Path);
        Assert.Empty(_second.Exchange.Requests);
    }

    [Fact]
    public async Task The_venue_prefix_form_still_names_either_venue_without_a_key()
    {
        using var response = await _sidecar.Client.GetAsync("/sub2/api/v3/account");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_second.ApiKey, Assert.Single(_second.Exchange.Requests).ApiKeyHeader);
    }

    [Fact]
    public async Task Two_ccxt_bots_with_proxyUrl_trade_each_on_its_own_sub_account()
    {
        CcxtBot.EnsureInstalled();
        foreach (var (clientKey, account) in new[] { ("sub1-placeholder", _first), ("sub2-placeholder", _second) })
        {
            var result = await CcxtBot.RunAsync("bot.mjs", new Dictionary<string, string>
            {
                ["SIDECAR_MODE"] = "proxyUrl",
                ["MARKET"] = "spot",
                ["SIDECAR_URL"] = _sidecar.Client.BaseAddress!.ToString(),
                ["SIDECAR_CLIENT_KEY"] = clientKey,
            });

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.NotNull(result.Step("createOrder"));

            // Every request that needed a key reached this sub-account's exchange with its real key, signed with its secret.
            var keyed = account.Exchange.Requests.Where(r => r.ApiKeyHeader is not null).ToList();
            Assert.NotEmpty(keyed);
            Assert.All(keyed, r => Assert.Equal(account.ApiKey, r.ApiKeyHeader));
            Assert.All(keyed, r => Assert.NotEqual(SignatureCheck.Invalid, r.Signature));
            Assert.Contains(keyed, r => r.Method == "POST" && r.Path == "/api/v3/order" && r.Signature == SignatureCheck.Valid);
        }

        // Public market data went to the first venue only; the second exchange saw nothing but its own bot's keyed calls.
        Assert.All(_second.Exchange.Requests, r => Assert.Equal(_second.ApiKey, r.ApiKeyHeader));
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string target, string? clientKey)
    {
        var request = new HttpRequestMessage(method, target);
        if (clientKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-MBX-APIKEY", clientKey);
        }

        return _sidecar.Client.SendAsync(request);
    }

    private static JsonObject SubAccount(BinanceAccount account, string clientKey)
    {
        var venue = SidecarUnderTest.Venue("binance-hmac", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, "api.binance.com");
        venue["ClientKey"] = clientKey;
        return venue;
    }
}
