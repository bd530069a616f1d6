using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.CoinbaseExchange;
using Sidecar.Tests.EndToEnd.CoinbaseExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// Least privilege at the signing point, against the fake Coinbase Exchange (issue 4): the withdrawal endpoint in every
/// spelling, a read-only venue, and the order guards refuse with nothing forwarded and the HSM never called; the
/// allowed order passes signed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseExchangePolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string GoodOrder = "{\"type\":\"limit\",\"side\":\"buy\",\"product_id\":\"BTC-USD\",\"price\":\"50000.00\",\"size\":\"0.002\"}";

    /// <summary>Exchange REST API reference, "Withdraw to crypto address": POST /withdrawals/crypto.</summary>
    private const string Withdrawal = "{\"amount\":\"1\",\"currency\":\"BTC\",\"crypto_address\":\"bc1qexample\"}";

    private CoinbaseExchangeAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeCoinbaseExchange Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await CoinbaseExchangeAccount.CreateAsync(token);
        var guarded = _account.Venue();
        guarded["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray("BTC-USD"),
            ["MaxOrderNotional"] = 1000,
        };
        var readOnly = SidecarUnderTest.VenueWithPassphrase("coinbase-exchange", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel, "readonly.coinbase.test");
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["coinbase-exchange"] = guarded,
            ["readonly"] = readOnly,
        }));
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Theory]
    [InlineData("/coinbase-exchange/withdrawals/crypto", 403)]
    [InlineData("/https://api.exchange.coinbase.com/withdrawals/crypto", 403)]
    [InlineData("/coinbase-exchange/withdrawals/payment-method", 403)]
    [InlineData("/coinbase-exchange/Withdrawals/crypto", 403)]
    [InlineData("/coinbase-exchange/withdrawals/CRYPTO", 403)]
    [InlineData("/coinbase-exchange/withdrawals/crypto/", 403)]
    [InlineData("/coinbase-exchange/withdrawals/crypto%3B", 403)]
    [InlineData("/coinbase-exchange/withdrawals%2Fcrypto", 400)]
    [InlineData("/coinbase-exchange/withdrawals%2fcrypto", 400)]
    [InlineData("/coinbase-exchange/withdrawals//crypto", 400)]
    [InlineData("/coinbase-exchange//withdrawals/crypto", 400)]
    [InlineData("/coinbase-exchange/./withdrawals/crypto", 400)]
    [InlineData("/coinbase-exchange/withdrawals/x/../crypto", 400)]
    [InlineData("/coinbase-exchange/withdrawals/crypto;", 400)]
    [InlineData("/coinbase-exchange/withdrawals;/crypto", 400)]
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
    [InlineData("/readonly/orders", GoodOrder, "profile read-only")]
    [InlineData("/coinbase-exchange/orders", "{\"type\":\"limit\",\"side\":\"buy\",\"product_id\":\"ETH-USD\",\"price\":\"3000.00\",\"size\":\"0.002\"}", "Symbols")]
    [InlineData("/coinbase-exchange/orders", "{\"type\":\"limit\",\"side\":\"buy\",\"product_id\":\"BTC-USD\",\"price\":\"50000.00\",\"size\":\"0.1\"}", "MaxOrderNotional")]
    [InlineData("/coinbase-exchange/orders", "{\"type\":\"limit\",\"side\":\"sell\",\"product_id\":\"btc-usd\",\"price\":\"50000.00\",\"size\":\"0.1\"}", "MaxOrderNotional")]
    public async Task Orders_outside_the_venues_policy_are_refused_unsigned_and_unforwarded(string path, string order, string rule)
    {
        using var response = await _sidecar.Client.PostAsync(path, Json(order));

        await AssertRefused(response, rule);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task The_allowed_order_passes_signed()
    {
        using var response = await _sidecar.Client.PostAsync("/coinbase-exchange/orders", Json(GoodOrder));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(GoodOrder, seen.Body);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Fact]
    public async Task Read_only_profile_allows_reads()
    {
        using var response = await _sidecar.Client.GetAsync("/readonly/accounts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(Exchange.Requests).Signature);
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
