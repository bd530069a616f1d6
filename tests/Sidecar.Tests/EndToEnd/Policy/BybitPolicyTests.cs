using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Bybit;
using Sidecar.Tests.EndToEnd.Bybit;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// Least privilege at the signing point for Bybit (bybit-v5), against the fake Bybit: the withdrawal endpoint (<c>POST
/// /v5/asset/withdraw/create</c>) is refused in every spelling, a read-only venue refuses an order, the order guards
/// refuse a symbol outside <c>Symbols</c> and a notional above <c>MaxOrderNotional</c> — each time with the exchange
/// seeing nothing and the HSM never called — and the allowed order passes, signed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BybitPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string ContentType = "application/json";
    private const string WithdrawalBody = "{\"coin\":\"USDT\",\"chain\":\"ETH\",\"address\":\"0xabc\",\"amount\":\"100\",\"timestamp\":1700000000000,\"forceChain\":0,\"accountType\":\"FUND\"}";
    private const string GoodOrder = "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\",\"orderLinkId\":\"p-1\"}";

    private BybitAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeBybit Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await BybitAccount.CreateAsync(token);
        var guarded = Venue("api.bybit.com");
        guarded["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray("BTCUSDT"),
            ["MaxOrderNotional"] = 1000,
        };
        var readOnly = Venue("readonly.bybit.test");
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["bybit"] = guarded,
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
    [InlineData("/bybit/v5/asset/withdraw/create", 403, "policy_denied")]
    [InlineData("/https://api.bybit.com/v5/asset/withdraw/create", 403, "policy_denied")]
    [InlineData("/bybit/V5/asset/withdraw/create", 403, "policy_denied")]
    [InlineData("/bybit/v5/asset/Withdraw/create", 403, "policy_denied")]
    [InlineData("/bybit/v5/asset/withdraw/CREATE", 403, "policy_denied")]
    [InlineData("/bybit/v5/asset/withdraw/create/", 403, "policy_denied")]
    [InlineData("/bybit/v5/asset%2Fwithdraw/create", 400, "bad_request")]
    [InlineData("/bybit/v5/asset/withdraw%2fcreate", 400, "bad_request")]
    [InlineData("/bybit/v5//asset/withdraw/create", 400, "bad_request")]
    [InlineData("/bybit/v5/asset/withdraw//create", 400, "bad_request")]
    [InlineData("/bybit/v5/./asset/withdraw/create", 400, "bad_request")]
    [InlineData("/bybit/v5/asset/withdraw/./create", 400, "bad_request")]
    [InlineData("/bybit/v5/asset/x/../withdraw/create", 400, "bad_request")]
    [InlineData("/bybit/v5/asset/withdraw/create;", 400, "bad_request")]
    [InlineData("/bybit/v5/asset/withdraw;a=1/create", 400, "bad_request")]
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
        var answer = await RawHttp.SendWithBodyAsync(_sidecar.ProxyAddress, "POST", "/readonly/v5/order/create", ContentType, GoodOrder);

        SidecarErrors.AssertRaw(answer, 403, "policy_denied");
        Assert.Contains("read-only", answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task Read_only_profile_still_signs_reads()
    {
        using var response = await _sidecar.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/readonly/v5/account/wallet-balance?accountType=UNIFIED"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(Exchange.Requests).Signature);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Theory]
    [InlineData("{\"category\":\"spot\",\"symbol\":\"ETHUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\"}", "Symbols")]
    [InlineData("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.5\",\"price\":\"50000\"}", "MaxOrderNotional")]
    public async Task Order_guards_refuse_unsigned_and_unforwarded(string order, string rule)
    {
        var answer = await RawHttp.SendWithBodyAsync(_sidecar.ProxyAddress, "POST", "/bybit/v5/order/create", ContentType, order);

        SidecarErrors.AssertRaw(answer, 403, "policy_denied");
        Assert.Contains(rule, answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task The_allowed_order_passes_signed()
    {
        using var response = await _sidecar.Client.PostAsync("/bybit/v5/order/create", new StringContent(GoodOrder, Encoding.UTF8, ContentType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/v5/order/create", seen.Path);
        Assert.Equal(1, _sidecar.Signs);
    }

    private JsonObject Venue(string host) =>
        SidecarUnderTest.Venue("bybit-v5", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, host);
}
