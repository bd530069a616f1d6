using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Kucoin;
using Sidecar.Tests.EndToEnd.Kucoin;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// Least privilege at the signing point for KuCoin (kucoin), against the fake KuCoin: the withdrawal endpoint (<c>POST
/// /api/v1/withdrawals</c> and <c>POST /api/v3/withdrawals</c>) is refused in every spelling, a read-only venue refuses
/// an order, the order guards refuse a symbol outside <c>Symbols</c> and a notional above <c>MaxOrderNotional</c> —
/// each time with the exchange seeing nothing and the HSM never called — and the allowed order passes, signed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KucoinPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string ContentType = "application/json";
    private const string WithdrawalBody = "{\"currency\":\"USDT\",\"toAddress\":\"0xabc\",\"amount\":\"100\",\"withdrawType\":\"ADDRESS\",\"chain\":\"eth\"}";
    private const string GoodOrder = "{\"clientOid\":\"p-1\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}";

    private KucoinAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeKucoin Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await KucoinAccount.CreateAsync(token);
        var guarded = Venue("api.kucoin.com");
        guarded["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray("BTC-USDT"),
            ["MaxOrderNotional"] = 1000,
        };
        var readOnly = Venue("readonly.kucoin.test");
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["kucoin"] = guarded,
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
    [InlineData("/kucoin/api/v1/withdrawals", 403, "policy_denied")]
    [InlineData("/kucoin/api/v3/withdrawals", 403, "policy_denied")]
    [InlineData("/https://api.kucoin.com/api/v1/withdrawals", 403, "policy_denied")]
    [InlineData("/kucoin/API/v1/withdrawals", 403, "policy_denied")]
    [InlineData("/kucoin/api/v1/Withdrawals", 403, "policy_denied")]
    [InlineData("/kucoin/api/V3/withdrawals", 403, "policy_denied")]
    [InlineData("/kucoin/api/v1/withdrawals/", 403, "policy_denied")]
    [InlineData("/kucoin/api%2Fv1/withdrawals", 400, "bad_request")]
    [InlineData("/kucoin/api/v1%2fwithdrawals", 400, "bad_request")]
    [InlineData("/kucoin/api//v1/withdrawals", 400, "bad_request")]
    [InlineData("/kucoin/api/v1//withdrawals", 400, "bad_request")]
    [InlineData("/kucoin/api/./v1/withdrawals", 400, "bad_request")]
    [InlineData("/kucoin/api/v1/x/../withdrawals", 400, "bad_request")]
    [InlineData("/kucoin/api/v1/withdrawals;", 400, "bad_request")]
    [InlineData("/kucoin/api/v1;a=1/withdrawals", 400, "bad_request")]
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
        var answer = await RawHttp.SendWithBodyAsync(_sidecar.ProxyAddress, "POST", "/readonly/api/v1/orders", ContentType, GoodOrder);

        SidecarErrors.AssertRaw(answer, 403, "policy_denied");
        Assert.Contains("read-only", answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task Read_only_profile_still_signs_reads()
    {
        using var response = await _sidecar.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/readonly/api/v1/accounts?type=trade"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(Exchange.Requests).Signature);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Theory]
    [InlineData("{\"clientOid\":\"p-2\",\"side\":\"buy\",\"symbol\":\"ETH-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}", "Symbols")]
    [InlineData("{\"clientOid\":\"p-3\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.5\",\"price\":\"50000\"}", "MaxOrderNotional")]
    public async Task Order_guards_refuse_unsigned_and_unforwarded(string order, string rule)
    {
        var answer = await RawHttp.SendWithBodyAsync(_sidecar.ProxyAddress, "POST", "/kucoin/api/v1/orders", ContentType, order);

        SidecarErrors.AssertRaw(answer, 403, "policy_denied");
        Assert.Contains(rule, answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task The_allowed_order_passes_signed()
    {
        using var response = await _sidecar.Client.PostAsync("/kucoin/api/v1/orders", new StringContent(GoodOrder, Encoding.UTF8, ContentType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/api/v1/orders", seen.Path);
        Assert.Equal(1, _sidecar.Signs);
    }

    private JsonObject Venue(string host) =>
        SidecarUnderTest.VenueWithPassphrase("kucoin", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel, host);
}
