using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Bybit;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Bybit;

/// <summary>
/// The real proxy (Kestrel on loopback) in front of the fake Bybit, which verifies every signature with its own code
/// from Bybit's docs. Bots send requests unsigned, or with placeholder credentials.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BybitProxyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string Order = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\",\"orderLinkId\":\"bot-1\"}";

    private BybitAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeBybit Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await BybitAccount.CreateAsync(token);
        var venues = new JsonObject
        {
            ["bybit"] = SidecarUnderTest.Venue("bybit-v5", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.bybit.com"),
            ["guarded"] = Guarded(SidecarUnderTest.Venue("bybit-v5", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "guarded.bybit.test")),
        };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, venues));
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Unsigned_wallet_balance_query_is_signed_and_accepted()
    {
        using var response = await _sidecar.Client.GetAsync("/bybit/v5/account/wallet-balance?accountType=UNIFIED");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/v5/account/wallet-balance", seen.Path);
        Assert.Equal("accountType=UNIFIED", seen.RawQuery);
        Assert.Equal(_account.ApiKey, seen.Headers["x-bapi-api-key"]);
        Assert.Equal("5000", seen.Headers["x-bapi-recv-window"]);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, body.RootElement.GetProperty("retCode").GetInt32());
    }

    [Fact]
    public async Task Unsigned_limit_order_in_a_json_body_is_signed_and_accepted()
    {
        using var response = await _sidecar.Client.PostAsync("/bybit/v5/order/create", new StringContent(Order, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(Order, seen.Body);
        Assert.Equal("", seen.RawQuery);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bot-1", body.RootElement.GetProperty("result").GetProperty("orderLinkId").GetString());
    }

    [Fact]
    public async Task Bot_sent_key_and_signature_are_replaced_and_its_timestamp_and_receive_window_kept()
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/bybit/v5/account/wallet-balance?accountType=UNIFIED");
        request.Headers.Add("X-BAPI-API-KEY", "placeholder-key");
        request.Headers.Add("X-BAPI-SIGN", "0000000000000000000000000000000000000000000000000000000000000000");
        request.Headers.Add("X-BAPI-TIMESTAMP", timestamp);
        request.Headers.Add("X-BAPI-RECV-WINDOW", "10000");
        request.Headers.Add("X-BAPI-SIGN-TYPE", "2");

        using var response = await _sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(_account.ApiKey, seen.Headers["x-bapi-api-key"]);
        Assert.Equal(timestamp, seen.Headers["x-bapi-timestamp"]);
        Assert.Equal("10000", seen.Headers["x-bapi-recv-window"]);
        Assert.DoesNotContain("0000000000000000", seen.Headers["x-bapi-sign"], StringComparison.Ordinal);
        Assert.False(seen.Headers.ContainsKey("x-bapi-sign-type"));
    }

    [Fact]
    public async Task Malformed_bot_timestamp_and_receive_window_are_replaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/bybit/v5/account/wallet-balance?accountType=UNIFIED");
        request.Headers.Add("X-BAPI-TIMESTAMP", "1499827319559.5");
        request.Headers.Add("X-BAPI-RECV-WINDOW", "5e3");

        using var response = await _sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Matches("^[1-9][0-9]{12}$", seen.Headers["x-bapi-timestamp"]);
        Assert.Equal("5000", seen.Headers["x-bapi-recv-window"]);
    }

    [Theory]
    [InlineData("/https://api.bybit.com/v5/account/wallet-balance?accountType=UNIFIED")]
    [InlineData("/https%3A%2F%2Fapi.bybit.com%2Fv5%2Faccount%2Fwallet-balance%3FaccountType%3DUNIFIED")]
    [InlineData("/bybit/v5/account/wallet-balance?accountType=UNIFIED")]
    public async Task Both_route_forms_reach_the_venue_and_sign_the_upstream_path(string target)
    {
        using var response = await _sidecar.Client.GetAsync(target);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/v5/account/wallet-balance", seen.Path);
        Assert.Equal("accountType=UNIFIED", seen.RawQuery);
    }

    [Fact]
    public async Task Public_market_data_passes_through_without_credentials()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/bybit/v5/market/instruments-info?category=spot");
        request.Headers.Add("X-BAPI-API-KEY", "placeholder-key");
        request.Headers.Add("X-BAPI-SIGN", "deadbeef");

        using var response = await _sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.NotRequired, seen.Signature);
        Assert.Equal("category=spot", seen.RawQuery);
        Assert.DoesNotContain(seen.Headers.Keys, name => name.StartsWith("x-bapi-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Broker_referer_passes_through()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/bybit/v5/order/create") { Content = new StringContent(Order, Encoding.UTF8, "application/json") };
        request.Headers.Referrer = new Uri("https://example.com/broker");

        using var response = await _sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("https://example.com/broker", seen.Headers["referer"]);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "category=spot&symbol=BTCUSDT")]
    [InlineData("text/plain", "category=spot")]
    public async Task Refused_body_format_gets_400_and_nothing_is_forwarded(string contentType, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await _sidecar.Client.PostAsync("/bybit/v5/order/create", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("bad_request", response.Headers.GetValues("X-Sidecar-Error").Single());
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bad_request", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(Exchange.Requests);
    }

    [Theory]
    [InlineData("POST", "/bybit/v5/asset/withdraw/create", "{\"coin\":\"USDT\",\"chain\":\"ETH\",\"address\":\"0xabc\",\"amount\":\"100\",\"timestamp\":1,\"forceChain\":0,\"accountType\":\"FUND\"}")]
    [InlineData("POST", "/bybit/v5/asset/transfer/universal-transfer", "{\"transferId\":\"x\",\"coin\":\"USDT\",\"amount\":\"1\",\"fromMemberId\":1,\"toMemberId\":2,\"fromAccountType\":\"UNIFIED\",\"toAccountType\":\"UNIFIED\"}")]
    [InlineData("POST", "/bybit/v5/user/create-sub-api", "{\"subuid\":1,\"readOnly\":0}")]
    public async Task Withdrawals_transfers_and_key_management_are_refused_unsigned_by_the_default_profile(string method, string target, string json)
    {
        var signsBefore = _sidecar.Signs;
        using var request = new HttpRequestMessage(new HttpMethod(method), target) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

        using var response = await _sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("policy_denied", response.Headers.GetValues("X-Sidecar-Error").Single());
        Assert.Empty(Exchange.Requests);
        Assert.Equal(signsBefore, _sidecar.Signs);
    }

    [Fact]
    public async Task Order_guards_read_the_json_order_and_refuse_before_signing()
    {
        using var small = await _sidecar.Client.PostAsync("/guarded/v5/order/create", new StringContent("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(Exchange.Requests).Signature);
        var signsBefore = _sidecar.Signs;

        using var big = await _sidecar.Client.PostAsync("/guarded/v5/order/create", new StringContent("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.5\",\"price\":\"50000\"}", Encoding.UTF8, "application/json"));
        using var other = await _sidecar.Client.PostAsync("/guarded/v5/order/create", new StringContent("{\"category\":\"spot\",\"symbol\":\"ETHUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, big.StatusCode);
        Assert.Contains("MaxOrderNotional", await big.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("Symbols", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(Exchange.Requests);
        Assert.Equal(signsBefore, _sidecar.Signs);
    }

    [Fact]
    public async Task Logs_carry_no_secret_or_full_api_key()
    {
        using (await _sidecar.Client.GetAsync("/bybit/v5/account/wallet-balance?accountType=UNIFIED")) { }
        using (await _sidecar.Client.PostAsync("/bybit/v5/order/create", new StringContent(Order, Encoding.UTF8, "application/json"))) { }

        var logs = _sidecar.Logs.All;
        Assert.Contains("bybit", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, logs, StringComparison.Ordinal);
    }

    private static JsonObject Guarded(JsonObject venue)
    {
        venue["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray("BTCUSDT"),
            ["MaxOrderNotional"] = 1000,
            ["AllowedOrderTypes"] = new JsonArray("limit"),
        };
        return venue;
    }
}
