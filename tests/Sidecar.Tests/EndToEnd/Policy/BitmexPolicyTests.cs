using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Bitmex;
using Sidecar.Tests.EndToEnd.Bitmex;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// Least privilege at the signing point, against the fake BitMEX (issue 4): the withdrawal endpoint in every
/// spelling, a read-only venue, and the order guards refuse with nothing forwarded and the HSM never called; the
/// allowed order passes signed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BitmexPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    /// <summary>100 contracts at 50000: notional 5 000 000 (price × orderQty, in the guard's terms).</summary>
    private const string GoodOrder = "{\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"orderQty\":100,\"price\":50000,\"ordType\":\"Limit\"}";

    /// <summary>REST API Explorer, "User: Request a withdrawal to an external wallet": POST /api/v1/user/requestWithdrawal.</summary>
    private const string Withdrawal = "{\"currency\":\"XBt\",\"amount\":100000,\"address\":\"bc1qexample\"}";

    private BitmexAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeBitmex Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await BitmexAccount.CreateAsync(token);
        var guarded = _account.Venue();
        guarded["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray("XBTUSD"),
            ["MaxOrderNotional"] = 10_000_000,
        };
        var readOnly = SidecarUnderTest.Venue("bitmex", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, "readonly.bitmex.test");
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["bitmex"] = guarded,
            ["readonly"] = readOnly,
        }));
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    [Theory]
    [InlineData("/bitmex/api/v1/user/requestWithdrawal", 403)]
    [InlineData("/https://www.bitmex.com/api/v1/user/requestWithdrawal", 403)]
    [InlineData("/bitmex/api/v1/user/requestwithdrawal", 403)]
    [InlineData("/bitmex/api/v1/User/requestWithdrawal", 403)]
    [InlineData("/bitmex/API/v1/user/requestWithdrawal", 403)]
    [InlineData("/bitmex/api/v1/user/requestWithdrawal/", 403)]
    [InlineData("/bitmex/api/v1/user/requestWithdrawal%3B", 403)]
    [InlineData("/bitmex/api/v1/user%2FrequestWithdrawal", 400)]
    [InlineData("/bitmex/api%2fv1%2fuser%2frequestWithdrawal", 400)]
    [InlineData("/bitmex/api/v1/user//requestWithdrawal", 400)]
    [InlineData("/bitmex/api//v1/user/requestWithdrawal", 400)]
    [InlineData("/bitmex/api/v1/./user/requestWithdrawal", 400)]
    [InlineData("/bitmex/api/v1/user/x/../requestWithdrawal", 400)]
    [InlineData("/bitmex/api/v1/user/requestWithdrawal;", 400)]
    [InlineData("/bitmex/api/v1/user;/requestWithdrawal", 400)]
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
    [InlineData("/readonly/api/v1/order", GoodOrder, "profile read-only")]
    [InlineData("/bitmex/api/v1/order", "{\"symbol\":\"ETHUSD\",\"side\":\"Buy\",\"orderQty\":1,\"price\":3000,\"ordType\":\"Limit\"}", "Symbols")]
    [InlineData("/bitmex/api/v1/order", "{\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"orderQty\":1000,\"price\":50000,\"ordType\":\"Limit\"}", "MaxOrderNotional")]
    [InlineData("/bitmex/api/v1/order", "{\"symbol\":\"XBTUSD\",\"side\":\"Sell\",\"orderQty\":1000,\"price\":50000}", "MaxOrderNotional")]
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
        using var response = await _sidecar.Client.PostAsync("/bitmex/api/v1/order", Json(GoodOrder));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal(GoodOrder, seen.Body);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Fact]
    public async Task Read_only_profile_allows_reads()
    {
        using var response = await _sidecar.Client.GetAsync("/readonly/api/v1/user/wallet");

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
