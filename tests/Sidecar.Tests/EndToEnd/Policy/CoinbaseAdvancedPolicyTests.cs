using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.CoinbaseAdvanced;
using Sidecar.Tests.EndToEnd.CoinbaseAdvanced;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// Least privilege at the signing point, against the fake Coinbase Advanced Trade (issue 4): the withdrawal endpoint in every
/// spelling, a read-only venue, and the order guards refuse with nothing forwarded and the HSM never called; the
/// allowed order passes signed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseAdvancedPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string GoodOrder = "{\"client_order_id\":\"bot-1\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\",\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.002\",\"limit_price\":\"50000\",\"post_only\":false}}}";

    /// <summary>
    /// Coinbase App "Send money" (the way crypto leaves a CDP key's account): POST /v2/accounts/:account_id/transactions
    /// with type "send". The account id is the docs' example.
    /// </summary>
    private const string Withdrawal = "{\"type\":\"send\",\"to\":\"bc1qexample\",\"amount\":\"1\",\"currency\":\"BTC\"}";

    private const string ReadOnlyHost = "readonly.coinbase.test";

    private CoinbaseAdvancedAccount _account = null!;
    private FakeCoinbaseAdvanced _readOnlyExchange = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeCoinbaseAdvanced Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await CoinbaseAdvancedAccount.CreateAsync(token);
        var guarded = _account.Venue();
        guarded["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray("BTC-USD"),
            ["MaxOrderNotional"] = 1000,
        };

        // The JWT names the venue's first host, so the read-only venue (another host) has its own fake and key.
        var readOnlyKeyName = $"organizations/{Guid.NewGuid()}/apiKeys/{Guid.NewGuid()}";
        var readOnlyLabel = TestSecrets.Label("coinbase-advanced-readonly");
        var readOnlyPem = token.GenerateKeyPair(readOnlyLabel, Sidecar.Pkcs11.KeyType.EcP256);
        _readOnlyExchange = await FakeCoinbaseAdvanced.StartAsync(new FakeCoinbaseAdvancedOptions { KeyName = readOnlyKeyName, PublicKeyPem = readOnlyPem, SignedHost = ReadOnlyHost });
        var readOnly = SidecarUnderTest.Venue("coinbase-advanced", _readOnlyExchange.BaseAddress, readOnlyKeyName, readOnlyLabel, ReadOnlyHost);
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["coinbase-advanced"] = guarded,
            ["readonly"] = readOnly,
        }));
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
        await _readOnlyExchange.DisposeAsync();
    }

    [Theory]
    [InlineData("/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 403)]
    [InlineData("/https://api.coinbase.com/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 403)]
    [InlineData("/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/withdrawals", 403)]
    [InlineData("/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/Transactions", 403)]
    [InlineData("/coinbase-advanced/V2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 403)]
    [InlineData("/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions/", 403)]
    [InlineData("/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions%3B", 403)]
    [InlineData("/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede%2Ftransactions", 400)]
    [InlineData("/coinbase-advanced/v2%2faccounts%2f2bbf394c-193b-5b2a-9155-3b4732659ede%2ftransactions", 400)]
    [InlineData("/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede//transactions", 400)]
    [InlineData("/coinbase-advanced/v2/accounts//2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 400)]
    [InlineData("/coinbase-advanced/v2/./accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 400)]
    [InlineData("/coinbase-advanced/v2/accounts/x/../2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 400)]
    [InlineData("/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions;", 400)]
    [InlineData("/coinbase-advanced/v2/accounts;/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 400)]
    public async Task Withdrawal_is_refused_in_every_spelling(string target, int status)
    {
        var answer = await RawHttp.SendAsync(_sidecar.ProxyAddress,
            $"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {Withdrawal.Length}\r\n\r\n", Withdrawal);

        Assert.StartsWith($"HTTP/1.1 {status} ", answer, StringComparison.Ordinal);
        var code = status == 403 ? "policy_denied" : "bad_request";
        Assert.Contains($"X-Sidecar-Error: {code}\r\n", answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Theory]
    [InlineData("/readonly/api/v3/brokerage/orders", GoodOrder, "profile read-only")]
    [InlineData("/coinbase-advanced/api/v3/brokerage/orders", "{\"client_order_id\":\"bot-2\",\"product_id\":\"ETH-USD\",\"side\":\"BUY\",\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.002\",\"limit_price\":\"3000\"}}}", "Symbols")]
    [InlineData("/coinbase-advanced/api/v3/brokerage/orders", "{\"client_order_id\":\"bot-3\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\",\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.1\",\"limit_price\":\"50000\"}}}", "MaxOrderNotional")]
    [InlineData("/coinbase-advanced/api/v3/brokerage/orders", "{\"client_order_id\":\"bot-4\",\"product_id\":\"BTC-USD\",\"side\":\"SELL\",\"order_configuration\":{\"limit_limit_gtd\":{\"base_size\":\"0.1\",\"limit_price\":\"50000\",\"end_time\":\"2030-01-01T00:00:00Z\"}}}", "MaxOrderNotional")]
    public async Task Orders_outside_the_venues_policy_are_refused_unsigned_and_unforwarded(string path, string order, string rule)
    {
        using var response = await _sidecar.Client.PostAsync(path, Json(order));

        await AssertRefused(response, rule);
        Assert.Empty(Exchange.Requests);
        Assert.Empty(_readOnlyExchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task The_allowed_order_passes_signed()
    {
        using var response = await _sidecar.Client.PostAsync("/coinbase-advanced/api/v3/brokerage/orders", Json(GoodOrder));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(GoodOrder, seen.Body);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Fact]
    public async Task Read_only_profile_allows_reads()
    {
        using var response = await _sidecar.Client.GetAsync("/readonly/api/v3/brokerage/accounts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(_readOnlyExchange.Requests).Signature);
    }

    private static async Task AssertRefused(HttpResponseMessage response, string rule)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("policy_denied", Assert.Single(response.Headers.GetValues("X-Sidecar-Error")));
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);
        Assert.Equal("policy_denied", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(rule, text, StringComparison.Ordinal);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
