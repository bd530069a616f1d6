using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Deribit;
using Sidecar.Tests.EndToEnd.Deribit;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// Least privilege at the signing point, against the fake Deribit (issue 4): the withdrawal endpoint in every
/// spelling, a read-only venue, and the order guards refuse with nothing forwarded and the HSM never called; the
/// allowed order passes signed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class DeribitPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    /// <summary>10 USD of BTC-PERPETUAL at 50000: notional 500 000 (price × amount, in the guard's terms).</summary>
    private const string GoodOrder = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"private/buy\",\"params\":{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10,\"type\":\"limit\",\"price\":50000}}";

    /// <summary>API v2 reference, Wallet, "/private/withdraw" (GET with the params in the query, as ccxt sends it).</summary>
    private const string WithdrawalQuery = "?currency=BTC&address=bc1qexample&amount=1";

    private const string WithdrawalRpc = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"private/withdraw\",\"params\":{\"currency\":\"BTC\",\"address\":\"bc1qexample\",\"amount\":1}}";

    private DeribitAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeDeribit Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await DeribitAccount.CreateAsync(token);
        var guarded = _account.Venue();
        guarded["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray("BTC-PERPETUAL"),
            ["MaxOrderNotional"] = 1_000_000,
        };
        var readOnly = SidecarUnderTest.Venue("deribit", Exchange.BaseAddress, _account.ClientId, _account.KeyLabel, "readonly.deribit.test");
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["deribit"] = guarded,
            ["readonly"] = readOnly,
        }));
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Theory]
    [InlineData("GET", "/deribit/api/v2/private/withdraw", 403)]
    [InlineData("POST", "/deribit/api/v2/private/withdraw", 403)]
    [InlineData("GET", "/https://www.deribit.com/api/v2/private/withdraw", 403)]
    [InlineData("GET", "/deribit/api/v2/private/Withdraw", 403)]
    [InlineData("POST", "/deribit/api/v2/PRIVATE/withdraw", 403)]
    [InlineData("GET", "/deribit/api/v2/private/withdraw/", 403)]
    [InlineData("GET", "/deribit/api/v2/private/withdraw%3B", 403)]
    [InlineData("GET", "/deribit/api/v2/private%2Fwithdraw", 400)]
    [InlineData("POST", "/deribit/api%2fv2%2fprivate%2fwithdraw", 400)]
    [InlineData("GET", "/deribit/api/v2/private//withdraw", 400)]
    [InlineData("GET", "/deribit/api//v2/private/withdraw", 400)]
    [InlineData("GET", "/deribit/api/v2/./private/withdraw", 400)]
    [InlineData("GET", "/deribit/api/v2/public/../private/withdraw", 400)]
    [InlineData("GET", "/deribit/api/v2/private/withdraw;", 400)]
    [InlineData("POST", "/deribit/api/v2/private;/withdraw", 400)]
    public async Task Withdrawal_is_refused_in_every_spelling(string method, string target, int status)
    {
        var head = method == "GET"
            ? $"GET {target}{WithdrawalQuery} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            : $"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {WithdrawalRpc.Length}\r\n\r\n";
        var answer = await RawHttp.SendAsync(_sidecar.ProxyAddress, head, method == "GET" ? "" : WithdrawalRpc);

        Assert.StartsWith($"HTTP/1.1 {status} ", answer, StringComparison.Ordinal);
        var code = status == 403 ? "policy_denied" : "bad_request";
        Assert.Contains($"X-Sidecar-Error: {code}\r\n", answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Theory]
    [InlineData("/readonly/api/v2/private/buy?instrument_name=BTC-PERPETUAL&amount=10&type=limit&price=50000", "profile read-only")]
    [InlineData("/deribit/api/v2/private/buy?instrument_name=ETH-PERPETUAL&amount=10&type=limit&price=3000", "Symbols")]
    [InlineData("/deribit/api/v2/private/buy?instrument_name=BTC-PERPETUAL&amount=100&type=limit&price=50000", "MaxOrderNotional")]
    [InlineData("/deribit/api/v2/private/sell?instrument_name=BTC-PERPETUAL&amount=100&type=limit&price=50000", "MaxOrderNotional")]
    public async Task Orders_in_the_query_outside_the_venues_policy_are_refused_unsigned_and_unforwarded(string target, string rule)
    {
        using var response = await _sidecar.Client.GetAsync(target);

        await AssertRefused(response, rule);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Theory]
    [InlineData("/readonly/api/v2/private/buy", GoodOrder, "profile read-only")]
    [InlineData("/deribit/api/v2/private/buy", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"private/buy\",\"params\":{\"instrument_name\":\"ETH-PERPETUAL\",\"amount\":10,\"type\":\"limit\",\"price\":3000}}", "Symbols")]
    [InlineData("/deribit/api/v2/private/buy", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"private/buy\",\"params\":{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":100,\"type\":\"limit\",\"price\":50000}}", "MaxOrderNotional")]
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
        using var response = await _sidecar.Client.PostAsync("/deribit/api/v2/private/buy", Json(GoodOrder));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(GoodOrder, seen.Body);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Fact]
    public async Task The_allowed_order_in_the_query_passes_signed()
    {
        using var response = await _sidecar.Client.GetAsync("/deribit/api/v2/private/buy?instrument_name=BTC-PERPETUAL&amount=10&type=limit&price=50000");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(Exchange.Requests).Signature);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Fact]
    public async Task Read_only_profile_allows_reads()
    {
        using var response = await _sidecar.Client.GetAsync("/readonly/api/v2/private/get_account_summary?currency=BTC");

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
