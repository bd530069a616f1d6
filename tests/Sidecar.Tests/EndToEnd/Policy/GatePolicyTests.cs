using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Gate;
using Sidecar.Tests.EndToEnd.Gate;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// Least privilege at the signing point for Gate (gate-v4), against the fake Gate: the withdrawal endpoint (<c>POST
/// /api/v4/withdrawals</c>) is refused in every spelling, a read-only venue refuses an order, the order guards refuse a
/// symbol outside <c>Symbols</c> and a notional above <c>MaxOrderNotional</c> — each time with the exchange seeing
/// nothing and the HSM never called — and the allowed order passes, signed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class GatePolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string ContentType = "application/json";
    private const string WithdrawalBody = "{\"currency\":\"USDT\",\"address\":\"TXabc\",\"amount\":\"100\",\"chain\":\"TRX\"}";
    private const string GoodOrder = "{\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"account\":\"spot\",\"side\":\"buy\",\"amount\":\"0.002\",\"price\":\"50000\",\"text\":\"t-p1\"}";

    private GateAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeGate Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await GateAccount.CreateAsync(token);
        var guarded = Venue("api.gateio.ws");
        guarded["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray("BTC_USDT"),
            ["MaxOrderNotional"] = 1000,
        };
        var readOnly = Venue("readonly.gate.test");
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["gate"] = guarded,
            ["readonly"] = readOnly,
        }));
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _account.DisposeAsync();
    }

    /// <summary>The withdrawal endpoint as the docs spell it, then respelled; sent byte for byte.</summary>
    [Theory]
    [InlineData("/gate/api/v4/withdrawals", 403, "policy_denied")]
    [InlineData("/https://api.gateio.ws/api/v4/withdrawals", 403, "policy_denied")]
    [InlineData("/gate/API/v4/withdrawals", 403, "policy_denied")]
    [InlineData("/gate/api/v4/Withdrawals", 403, "policy_denied")]
    [InlineData("/gate/api/V4/withdrawals", 403, "policy_denied")]
    [InlineData("/gate/api/v4/withdrawals/", 403, "policy_denied")]
    [InlineData("/gate/api%2Fv4/withdrawals", 400, "bad_request")]
    [InlineData("/gate/api/v4%2fwithdrawals", 400, "bad_request")]
    [InlineData("/gate/api//v4/withdrawals", 400, "bad_request")]
    [InlineData("/gate/api/v4//withdrawals", 400, "bad_request")]
    [InlineData("/gate/api/./v4/withdrawals", 400, "bad_request")]
    [InlineData("/gate/api/v4/x/../withdrawals", 400, "bad_request")]
    [InlineData("/gate/api/v4/withdrawals;", 400, "bad_request")]
    [InlineData("/gate/api/v4;a=1/withdrawals", 400, "bad_request")]
    public async Task Withdrawal_is_refused_in_every_spelling_unsigned_and_unforwarded(string target, int status, string code)
    {
        var answer = await RawHttp.SendWithBodyAsync(_sidecar.ProxyAddress, "POST", target, ContentType, WithdrawalBody);

        SidecarErrors.AssertRaw(answer, status, code);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task Read_only_profile_refuses_an_order_unsigned_and_unforwarded()
    {
        var answer = await RawHttp.SendWithBodyAsync(_sidecar.ProxyAddress, "POST", "/readonly/api/v4/spot/orders", ContentType, GoodOrder);

        SidecarErrors.AssertRaw(answer, 403, "policy_denied");
        Assert.Contains("read-only", answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task Read_only_profile_still_signs_reads()
    {
        using var response = await _sidecar.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/readonly/api/v4/spot/accounts"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(Exchange.Requests).Signature);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Theory]
    [InlineData("{\"currency_pair\":\"ETH_USDT\",\"type\":\"limit\",\"account\":\"spot\",\"side\":\"buy\",\"amount\":\"0.002\",\"price\":\"50000\"}", "Symbols")]
    [InlineData("{\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"account\":\"spot\",\"side\":\"buy\",\"amount\":\"0.5\",\"price\":\"50000\"}", "MaxOrderNotional")]
    public async Task Order_guards_refuse_unsigned_and_unforwarded(string order, string rule)
    {
        var answer = await RawHttp.SendWithBodyAsync(_sidecar.ProxyAddress, "POST", "/gate/api/v4/spot/orders", ContentType, order);

        SidecarErrors.AssertRaw(answer, 403, "policy_denied");
        Assert.Contains(rule, answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task The_allowed_order_passes_signed()
    {
        using var response = await _sidecar.Client.PostAsync("/gate/api/v4/spot/orders", new StringContent(GoodOrder, Encoding.UTF8, ContentType));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/api/v4/spot/orders", seen.Path);
        Assert.Equal(1, _sidecar.Signs);
    }

    private JsonObject Venue(string host) =>
        SidecarUnderTest.Venue("gate-v4", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, host);
}
