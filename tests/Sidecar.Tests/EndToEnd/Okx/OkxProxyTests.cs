using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Okx;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Okx;

/// <summary>
/// The real proxy (Kestrel on loopback) in front of the fake OKX, which verifies every signature with its own code
/// from OKX's docs. Bots send requests unsigned, or with placeholder credentials.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class OkxProxyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string Order = "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\",\"clOrdId\":\"bot1\"}";

    private OkxAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeOkx Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await OkxAccount.CreateAsync(token);
        var venues = new JsonObject
        {
            ["okx"] = SidecarUnderTest.VenueWithPassphrase("okx-v5", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel, "www.okx.com"),
            ["guarded"] = Guarded(SidecarUnderTest.VenueWithPassphrase("okx-v5", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel, "guarded.okx.test")),
        };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, venues));
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Unsigned_balance_query_is_signed_and_accepted()
    {
        using var response = await _sidecar.Client.GetAsync("/okx/api/v5/account/balance?ccy=BTC%2CUSDT");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/api/v5/account/balance", seen.Path);
        Assert.Equal("ccy=BTC%2CUSDT", seen.RawQuery);
        Assert.Equal(_account.ApiKey, seen.Headers["ok-access-key"]);
        Assert.Equal(_account.Passphrase, seen.Headers["ok-access-passphrase"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", seen.Headers["ok-access-timestamp"]);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("0", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unsigned_limit_order_in_a_json_body_is_signed_and_accepted()
    {
        using var response = await _sidecar.Client.PostAsync("/okx/api/v5/trade/order", new StringContent(Order, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(Order, seen.Body);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bot1", body.RootElement.GetProperty("data")[0].GetProperty("clOrdId").GetString());
    }

    [Fact]
    public async Task Bot_sent_credentials_are_replaced_its_timestamp_kept_and_simulated_trading_passes_through()
    {
        var timestamp = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/okx/api/v5/account/balance");
        request.Headers.Add("OK-ACCESS-KEY", "placeholder-key");
        request.Headers.Add("OK-ACCESS-SIGN", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        request.Headers.Add("OK-ACCESS-TIMESTAMP", timestamp);
        request.Headers.Add("OK-ACCESS-PASSPHRASE", "placeholder-passphrase");
        request.Headers.Add("x-simulated-trading", "1");

        using var response = await _sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(_account.ApiKey, seen.Headers["ok-access-key"]);
        Assert.Equal(_account.Passphrase, seen.Headers["ok-access-passphrase"]);
        Assert.Equal(timestamp, seen.Headers["ok-access-timestamp"]);
        Assert.NotEqual("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", seen.Headers["ok-access-sign"]);
        Assert.Equal("1", seen.Headers["x-simulated-trading"]);
    }

    [Fact]
    public async Task A_bot_timestamp_not_spelled_as_okx_spells_it_is_replaced()
    {
        var offset = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'", System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/okx/api/v5/account/balance");
        request.Headers.Add("OK-ACCESS-TIMESTAMP", offset);

        using var response = await _sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", seen.Headers["ok-access-timestamp"]);
    }

    [Theory]
    [InlineData("/https://www.okx.com/api/v5/account/balance?ccy=BTC")]
    [InlineData("/https%3A%2F%2Fwww.okx.com%2Fapi%2Fv5%2Faccount%2Fbalance%3Fccy%3DBTC")]
    [InlineData("/okx/api/v5/account/balance?ccy=BTC")]
    public async Task Both_route_forms_reach_the_venue_and_sign_the_upstream_path(string target)
    {
        using var response = await _sidecar.Client.GetAsync(target);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/api/v5/account/balance", seen.Path);
        Assert.Equal("ccy=BTC", seen.RawQuery);
    }

    [Fact]
    public async Task Public_market_data_passes_through_without_credentials()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/okx/api/v5/public/instruments?instType=SPOT");
        request.Headers.Add("OK-ACCESS-KEY", "placeholder-key");
        request.Headers.Add("OK-ACCESS-PASSPHRASE", "placeholder-passphrase");

        using var response = await _sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.NotRequired, seen.Signature);
        Assert.Equal("instType=SPOT", seen.RawQuery);
        Assert.DoesNotContain(seen.Headers.Keys, name => name.StartsWith("ok-access-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "instId=BTC-USDT&tdMode=cash")]
    [InlineData("text/plain", "instId=BTC-USDT")]
    public async Task Refused_body_format_gets_400_and_nothing_is_forwarded(string contentType, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await _sidecar.Client.PostAsync("/okx/api/v5/trade/order", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("bad_request", response.Headers.GetValues("X-Sidecar-Error").Single());
        Assert.Empty(Exchange.Requests);
    }

    [Theory]
    [InlineData("POST", "/okx/api/v5/asset/withdrawal", "{\"ccy\":\"USDT\",\"amt\":\"100\",\"dest\":\"4\",\"toAddr\":\"0xabc\",\"chain\":\"USDT-ERC20\"}")]
    [InlineData("POST", "/okx/api/v5/asset/transfer", "{\"ccy\":\"USDT\",\"amt\":\"1\",\"from\":\"6\",\"to\":\"18\"}")]
    [InlineData("POST", "/okx/api/v5/users/subaccount/apikey", "{\"subAcct\":\"s\",\"label\":\"l\",\"passphrase\":\"p\"}")]
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
        using var small = await _sidecar.Client.PostAsync("/guarded/api/v5/trade/batch-orders", new StringContent("[{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\"}]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(Exchange.Requests).Signature);
        var signsBefore = _sidecar.Signs;

        using var big = await _sidecar.Client.PostAsync("/guarded/api/v5/trade/batch-orders", new StringContent("[{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\"},{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.5\",\"px\":\"50000\"}]", Encoding.UTF8, "application/json"));
        using var other = await _sidecar.Client.PostAsync("/guarded/api/v5/trade/batch-orders", new StringContent("[{\"instId\":\"ETH-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\"}]", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, big.StatusCode);
        Assert.Contains("MaxOrderNotional", await big.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("Symbols", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(Exchange.Requests);
        Assert.Equal(signsBefore, _sidecar.Signs);
    }

    [Fact]
    public async Task Logs_carry_no_secret_passphrase_or_full_api_key()
    {
        using (await _sidecar.Client.GetAsync("/okx/api/v5/account/balance")) { }
        using (await _sidecar.Client.PostAsync("/okx/api/v5/trade/order", new StringContent(Order, Encoding.UTF8, "application/json"))) { }

        var logs = _sidecar.Logs.All;
        Assert.Contains("okx", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Passphrase, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.ApiKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, logs, StringComparison.Ordinal);
    }

    private static JsonObject Guarded(JsonObject venue)
    {
        venue["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray("BTC-USDT"),
            ["MaxOrderNotional"] = 1000,
            ["AllowedOrderTypes"] = new JsonArray("limit"),
        };
        return venue;
    }
}
