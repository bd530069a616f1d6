using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Kraken;
using Sidecar.Tests.EndToEnd.Kraken;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// Least privilege at the signing point for Kraken (kraken), against the fake Kraken: the withdrawal endpoint (<c>POST
/// /0/private/Withdraw</c>) is refused in every spelling, a read-only venue refuses an order, the order guards refuse a
/// symbol outside <c>Symbols</c> and a notional above <c>MaxOrderNotional</c> — each time with the exchange seeing
/// nothing and the HSM never called — and the allowed order passes, signed.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KrakenPolicyTests(SoftHsmToken token) : IAsyncLifetime
{
    private const string ContentType = "application/x-www-form-urlencoded";
    private const string WithdrawalBody = "asset=XBT&key=cold-storage&amount=1";
    private const string GoodOrder = "ordertype=limit&pair=XBTUSD&price=50000&type=buy&volume=0.002";

    private KrakenAccount _account = null!;
    private SidecarUnderTest _sidecar = null!;

    private FakeKraken Exchange => _account.Exchange;

    public async Task InitializeAsync()
    {
        _account = await KrakenAccount.CreateAsync(token);
        var guarded = Venue("api.kraken.com");
        guarded["Policy"] = new JsonObject
        {
            ["Symbols"] = new JsonArray("XBTUSD"),
            ["MaxOrderNotional"] = 1000,
        };
        var readOnly = Venue("readonly.kraken.test");
        readOnly["Policy"] = new JsonObject { ["Profile"] = "read-only" };
        _sidecar = await SidecarUnderTest.StartAsync(SidecarUnderTest.Config(token, new JsonObject
        {
            ["kraken"] = guarded,
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
    [InlineData("/kraken/0/private/Withdraw", 403, "policy_denied")]
    [InlineData("/https://api.kraken.com/0/private/Withdraw", 403, "policy_denied")]
    [InlineData("/kraken/0/private/withdraw", 403, "policy_denied")]
    [InlineData("/kraken/0/private/WITHDRAW", 403, "policy_denied")]
    [InlineData("/kraken/0/Private/Withdraw", 403, "policy_denied")]
    [InlineData("/kraken/0/private/Withdraw/", 403, "policy_denied")]
    [InlineData("/kraken/0/private%2FWithdraw", 400, "bad_request")]
    [InlineData("/kraken/0%2fprivate/Withdraw", 400, "bad_request")]
    [InlineData("/kraken/0//private/Withdraw", 400, "bad_request")]
    [InlineData("/kraken/0/private//Withdraw", 400, "bad_request")]
    [InlineData("/kraken/0/./private/Withdraw", 400, "bad_request")]
    [InlineData("/kraken/0/private/x/../Withdraw", 400, "bad_request")]
    [InlineData("/kraken/0/private/Withdraw;", 400, "bad_request")]
    [InlineData("/kraken/0/private;a=1/Withdraw", 400, "bad_request")]
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
        var answer = await RawHttp.SendWithBodyAsync(_sidecar.ProxyAddress, "POST", "/readonly/0/private/AddOrder", ContentType, GoodOrder);

        SidecarErrors.AssertRaw(answer, 403, "policy_denied");
        Assert.Contains("read-only", answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task Read_only_profile_still_signs_reads()
    {
        using var response = await _sidecar.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/readonly/0/private/BalanceEx") { Content = new StringContent("", Encoding.ASCII, ContentType) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(Exchange.Requests).Signature);
        Assert.Equal(1, _sidecar.Signs);
    }

    [Theory]
    [InlineData("ordertype=limit&pair=ETHUSD&price=50000&type=buy&volume=0.002", "Symbols")]
    [InlineData("ordertype=limit&pair=XBTUSD&price=50000&type=buy&volume=0.5", "MaxOrderNotional")]
    public async Task Order_guards_refuse_unsigned_and_unforwarded(string order, string rule)
    {
        var answer = await RawHttp.SendWithBodyAsync(_sidecar.ProxyAddress, "POST", "/kraken/0/private/AddOrder", ContentType, order);

        SidecarErrors.AssertRaw(answer, 403, "policy_denied");
        Assert.Contains(rule, answer, StringComparison.Ordinal);
        Assert.Empty(Exchange.Requests);
        Assert.Equal(0, _sidecar.Signs);
    }

    [Fact]
    public async Task The_allowed_order_passes_signed()
    {
        using var response = await _sidecar.Client.PostAsync("/kraken/0/private/AddOrder", new StringContent(GoodOrder, Encoding.UTF8, ContentType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Exchange.Requests);
        Assert.Equal(SignatureCheck.Valid, seen.Signature);
        Assert.Equal("/0/private/AddOrder", seen.Path);
        Assert.Equal(1, _sidecar.Signs);
    }

    private JsonObject Venue(string host) =>
        SidecarUnderTest.Venue("kraken", Exchange.BaseAddress, _account.ApiKey, _account.KeyLabel, host);
}
