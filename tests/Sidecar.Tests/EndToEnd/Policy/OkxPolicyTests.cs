using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Okx;
using Sidecar.Tests.EndToEnd.Okx;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// Least privilege at the signing point for OKX (okx-v5), against the fake OKX: the withdrawal endpoint (<c>POST
/// /api/v5/asset/withdrawal</c>) is refused in every spelling, a read-only venue refuses an order, the order guards
/// refuse a symbol outside <c>Symbols</c> and a notional above <c>MaxOrderNotional</c> — each time with the exchange
/// seeing nothing and the HSM never called — and the allowed order passes, signed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class OkxPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string ContentType = "application/json";
    private const string WithdrawalBody = "{\"ccy\":\"USDT\",\"amt\":\"100\",\"dest\":\"4\",\"toAddr\":\"0xabc\",\"chain\":\"USDT-ERC20\"}";
    private const string GoodOrder = "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\",\"clOrdId\":\"p1\"}";

    private OkxAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeOkx Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await OkxAccount.CreateAsync(token);
        var guarded = Venue("www.okx.com");
        guarded["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray("BTC-USDT"),
            ["MaxOrderNotional"] = 1000,
        };
        var readOnly = Venue("readonly.okx.test");
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["okx"] = guarded,
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
    [InlineData("/okx/api/v5/asset/withdrawal", 403, "policy_denied")]
    [InlineData("/https://www.okx.com/api/v5/asset/withdrawal", 403, "policy_denied")]
    [InlineData("/okx/API/v5/asset/withdrawal", 403, "policy_denied")]
    [InlineData("/okx/api/v5/asset/Withdrawal", 403, "policy_denied")]
    [InlineData("/okx/api/v5/ASSET/withdrawal", 403, "policy_denied")]
    [InlineData("/okx/api/v5/asset/withdrawal/", 403, "policy_denied")]
    [InlineData("/okx/api/v5/asset%2Fwithdrawal", 400, "bad_request")]
    [InlineData("/okx/api/v5%2fasset/withdrawal", 400, "bad_request")]
    [InlineData("/okx/api/v5//asset/withdrawal", 400, "bad_request")]
    [InlineData("/okx/api//v5/asset/withdrawal", 400, "bad_request")]
    [InlineData("/okx/api/v5/./asset/withdrawal", 400, "bad_request")]
    [InlineData("/okx/api/v5/x/../asset/withdrawal", 400, "bad_request")]
    [InlineData("/okx/api/v5/asset/withdrawal;", 400, "bad_request")]
    [InlineData("/okx/api/v5/asset;a=1/withdrawal", 400, "bad_request")]
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
        var answer = await RawHttp.SendWithBodyAsync(_sidecar.ProxyAddress, "POST", "/readonly/api/v5/trade/order", ContentType, GoodOrder);

        SidecarErrors.AssertRaw(answer, 403, "policy_denied");
        Assert.Contains("read-only", answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task Read_only_profile_still_signs_reads()
    {
        using var response = await _sidecar.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/readonly/api/v5/account/balance?ccy=BTC"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(Exchange.Requests).Signature);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Theory]
    [InlineData("{\"instId\":\"ETH-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\"}", "Symbols")]
    [InlineData("{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.5\",\"px\":\"50000\"}", "MaxOrderNotional")]
    public async Task Order_guards_refuse_unsigned_and_unforwarded(string order, string rule)
    {
        var answer = await RawHttp.SendWithBodyAsync(_sidecar.ProxyAddress, "POST", "/okx/api/v5/trade/order", ContentType, order);

        SidecarErrors.AssertRaw(answer, 403, "policy_denied");
        Assert.Contains(rule, answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task The_allowed_order_passes_signed()
    {
        using var response = await _sidecar.Client.PostAsync("/okx/api/v5/trade/order", new StringContent(GoodOrder, Encoding.UTF8, ContentType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/api/v5/trade/order", seen.Path);
        Assert.Equal(1, _sidecar.Signs);
    }

    private JsonObject Venue(string host) =>
        SidecarUnderTest.VenueWithPassphrase("okx-v5", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, _account.PassphraseLabel, host);
}
