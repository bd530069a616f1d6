using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Bitfinex;
using Sidecar.Tests.EndToEnd.Bitfinex;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// Least privilege at the signing point, against the fake Bitfinex (issue 4): the withdrawal endpoint in every
/// spelling, a read-only venue, and the order guards refuse with nothing forwarded and the HSM never called; the
/// allowed order passes signed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BitfinexPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string GoodOrder = "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"0.002\",\"price\":\"50000\"}";

    /// <summary>docs.bitfinex.com, "Withdrawal": POST /v2/auth/w/withdraw.</summary>
    private const string Withdrawal = "{\"wallet\":\"exchange\",\"method\":\"bitcoin\",\"amount\":\"1\",\"address\":\"bc1qexample\"}";

    private BitfinexAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeBitfinex Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await BitfinexAccount.CreateAsync(token);
        var guarded = SidecarUnderTest.Venue("bitfinex-v2", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "api.bitfinex.com");
        guarded["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray("tBTCUSD"),
            ["MaxOrderNotional"] = 1000,
        };
        var readOnly = SidecarUnderTest.Venue("bitfinex-v2", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "readonly.bitfinex.test");
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["bitfinex"] = guarded,
            ["readonly"] = readOnly,
        }));
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Theory]
    [InlineData("/bitfinex/v2/auth/w/withdraw", 403)]
    [InlineData("/https://api.bitfinex.com/v2/auth/w/withdraw", 403)]
    [InlineData("/bitfinex/v2/auth/w/Withdraw", 403)]
    [InlineData("/bitfinex/v2/AUTH/w/withdraw", 403)]
    [InlineData("/bitfinex/v2/auth/w/withdraw/", 403)]
    [InlineData("/bitfinex/v2/auth/w/withdraw%3B", 403)]
    [InlineData("/bitfinex/v2/auth/w%2Fwithdraw", 400)]
    [InlineData("/bitfinex/v2/auth%2fw%2fwithdraw", 400)]
    [InlineData("/bitfinex/v2/auth/w//withdraw", 400)]
    [InlineData("/bitfinex/v2//auth/w/withdraw", 400)]
    [InlineData("/bitfinex/v2/auth/./w/withdraw", 400)]
    [InlineData("/bitfinex/v2/auth/w/x/../withdraw", 400)]
    [InlineData("/bitfinex/v2/auth/w/withdraw;", 400)]
    [InlineData("/bitfinex/v2/auth/w/withdraw;x=1", 400)]
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
    [InlineData("/readonly/v2/auth/w/order/submit", GoodOrder, "profile read-only")]
    [InlineData("/bitfinex/v2/auth/w/order/submit", "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tETHUSD\",\"amount\":\"0.002\",\"price\":\"3000\"}", "Symbols")]
    [InlineData("/bitfinex/v2/auth/w/order/submit", "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"0.1\",\"price\":\"50000\"}", "MaxOrderNotional")]
    [InlineData("/bitfinex/v2/auth/w/order/submit", "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"-0.1\",\"price\":\"50000\"}", "MaxOrderNotional")]
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
        using var response = await _sidecar.Client.PostAsync("/bitfinex/v2/auth/w/order/submit", Json(GoodOrder));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(GoodOrder, seen.Body);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Fact]
    public async Task Read_only_profile_allows_reads()
    {
        using var response = await _sidecar.Client.PostAsync("/readonly/v2/auth/r/wallets", Json("{}"));

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
