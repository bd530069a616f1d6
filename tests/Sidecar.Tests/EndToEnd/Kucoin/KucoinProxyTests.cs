using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Kucoin;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Kucoin;

/// <summary>
/// The real proxy (Kestrel on loopback) in front of the fake KuCoin, which verifies every signature and the signed
/// passphrase with its own code from KuCoin's docs. Bots send requests unsigned, or with placeholder credentials.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KucoinProxyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string Order = "{\"clientOid\":\"bot-1\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}";

    private KucoinAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeKucoin Exchange => _account.Exchange;

    private string SignedPassphrase => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_account.Secret), Encoding.UTF8.GetBytes(_account.Passphrase)));

    public async Task InitializeAsync()
    {
        _account = await KucoinAccount.CreateAsync(token);
        var venues = new JsonObject
        {
            ["kucoin"] = SidecarUnderTest.VenueWithPassphrase("kucoin", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel, "api.kucoin.com"),
            ["guarded"] = Guarded(SidecarUnderTest.VenueWithPassphrase("kucoin", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel, "guarded.kucoin.test")),
        };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, venues));
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Fact]
    public async Task Unsigned_accounts_query_is_signed_and_accepted()
    {
        using var response = await _sidecar.Client.GetAsync("/kucoin/api/v1/accounts?type=trade");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/api/v1/accounts", seen.Path);
        Assert.Equal("type=trade", seen.RawQuery);
        Assert.Equal(_account.ApiKey, seen.Headers["kc-api-key"]);
        Assert.Equal(SignedPassphrase, seen.Headers["kc-api-passphrase"]);
        Assert.Equal("2", seen.Headers["kc-api-key-version"]);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("200000", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_percent_encoded_query_is_forwarded_as_sent_and_signed_decoded()
    {
        // Reserved characters only: System.Uri would itself decode escaped unreserved ones before sending.
        using var response = await _sidecar.Client.GetAsync("/kucoin/api/v1/accounts?type=trade&tag=a%21b%2Cc+d");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("type=trade&tag=a%21b%2Cc+d", seen.RawQuery);
    }

    [Fact]
    public async Task Unsigned_limit_order_in_a_json_body_is_signed_and_accepted()
    {
        using var response = await _sidecar.Client.PostAsync("/kucoin/api/v1/orders", new StringContent(Order, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(Order, seen.Body);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("data").GetProperty("orderId").GetString()));
    }

    [Fact]
    public async Task Bot_sent_credentials_and_ccxts_partner_headers_are_replaced_or_removed_and_its_timestamp_kept()
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/kucoin/api/v1/accounts");
        request.Headers.Add("KC-API-KEY", "placeholder-key");
        request.Headers.Add("KC-API-SIGN", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        request.Headers.Add("KC-API-TIMESTAMP", timestamp);
        request.Headers.Add("KC-API-PASSPHRASE", "placeholder-passphrase");
        request.Headers.Add("KC-API-KEY-VERSION", "3");
        request.Headers.Add("KC-API-PARTNER", "ccxt");
        request.Headers.Add("KC-API-PARTNER-SIGN", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=");
        request.Headers.Add("KC-API-PARTNER-VERIFY", "true");

        using var response = await _sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(_account.ApiKey, seen.Headers["kc-api-key"]);
        Assert.Equal(SignedPassphrase, seen.Headers["kc-api-passphrase"]);
        Assert.Equal("2", seen.Headers["kc-api-key-version"]);
        Assert.Equal(timestamp, seen.Headers["kc-api-timestamp"]);
        Assert.DoesNotContain(seen.Headers.Keys, name => name.StartsWith("kc-api-partner", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_bot_timestamp_is_replaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/kucoin/api/v1/accounts");
        request.Headers.Add("KC-API-TIMESTAMP", "1499827319559000");

        using var response = await _sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Matches("^[1-9][0-9]{12}$", seen.Headers["kc-api-timestamp"]);
    }

    [Theory]
    [InlineData("/https://api.kucoin.com/api/v1/accounts?type=trade")]
    [InlineData("/https%3A%2F%2Fapi.kucoin.com%2Fapi%2Fv1%2Faccounts%3Ftype%3Dtrade")]
    [InlineData("/kucoin/api/v1/accounts?type=trade")]
    public async Task Both_route_forms_reach_the_venue_and_sign_the_upstream_path(string target)
    {
        using var response = await _sidecar.Client.GetAsync(target);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/api/v1/accounts", seen.Path);
        Assert.Equal("type=trade", seen.RawQuery);
    }

    [Fact]
    public async Task Public_market_data_passes_through_without_credentials()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/kucoin/api/v2/symbols");
        request.Headers.Add("KC-API-KEY", "placeholder-key");
        request.Headers.Add("KC-API-PARTNER", "ccxt");

        using var response = await _sidecar.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.NotRequired, seen.Signature);
        Assert.DoesNotContain(seen.Headers.Keys, name => name.StartsWith("kc-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "symbol=BTC-USDT&side=buy")]
    [InlineData("text/plain", "symbol=BTC-USDT")]
    public async Task Refused_body_format_gets_400_and_nothing_is_forwarded(string contentType, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await _sidecar.Client.PostAsync("/kucoin/api/v1/orders", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("bad_request", response.Headers.GetValues("X-Sidecar-Error").Single());
        Assert.Empty(Exchange.Requests);
    }

    [Theory]
    [InlineData("POST", "/kucoin/api/v3/withdrawals", "{\"currency\":\"USDT\",\"toAddress\":\"0xabc\",\"amount\":\"100\",\"withdrawType\":\"ADDRESS\"}")]
    [InlineData("POST", "/kucoin/api/v3/accounts/universal-transfer", "{\"clientOid\":\"x\",\"type\":\"INTERNAL\",\"currency\":\"USDT\",\"amount\":\"1\",\"fromAccountType\":\"MAIN\",\"toAccountType\":\"TRADE\"}")]
    [InlineData("POST", "/kucoin/api/v1/sub/api-key", "{\"subName\":\"s\",\"passphrase\":\"p\",\"remark\":\"r\"}")]
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
        using var small = await _sidecar.Client.PostAsync("/guarded/api/v1/orders", new StringContent("{\"clientOid\":\"g-1\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(Exchange.Requests).Signature);
        var signsBefore = _sidecar.Signs;

        using var big = await _sidecar.Client.PostAsync("/guarded/api/v1/orders", new StringContent("{\"clientOid\":\"g-2\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.5\",\"price\":\"50000\"}", Encoding.UTF8, "application/json"));
        using var other = await _sidecar.Client.PostAsync("/guarded/api/v1/orders", new StringContent("{\"clientOid\":\"g-3\",\"side\":\"buy\",\"symbol\":\"ETH-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}", Encoding.UTF8, "application/json"));

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
        using (await _sidecar.Client.GetAsync("/kucoin/api/v1/accounts")) { }
        using (await _sidecar.Client.PostAsync("/kucoin/api/v1/orders", new StringContent(Order, Encoding.UTF8, "application/json"))) { }

        var logs = _sidecar.Logs.All;
        Assert.Contains("kucoin", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_account.Passphrase, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(SignedPassphrase, logs, StringComparison.Ordinal);
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
