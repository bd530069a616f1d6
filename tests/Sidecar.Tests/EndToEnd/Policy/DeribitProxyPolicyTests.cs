using System.Net;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.EndToEnd.Deribit;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// <see cref="VenuePolicyTests{TSelf, TAccount}"/> for Deribit (deribit), against the fake Deribit (issue 4); the
/// withdrawal endpoint is <c>/api/v2/private/withdraw</c>. The shared tests send Deribit's JSON-RPC bodies by POST;
/// Deribit also takes every call as a GET with its params in the query (as ccxt sends them), so the withdrawal
/// spellings, the order guards and the allowed order are tested that way here too.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class DeribitProxyPolicyTests(SoftHsmToken token) : VenuePolicyTests<DeribitProxyPolicyTests, DeribitAccount>(token), IVenuePolicyTables
{
    /// <summary>API v2 reference, Wallet, "/private/withdraw", its params as a GET sends them.</summary>
    private const string WithdrawalQuery = "?currency=BTC&address=bc1qexample&amount=1";

    /// <summary>The withdrawal as a JSON-RPC POST; <see cref="WithdrawalSpellingsAsGet"/> has the rest.</summary>
    public static TheoryData<string, int, string> WithdrawalSpellings => new()
    {
        { "/deribit/api/v2/private/withdraw", 403, "policy_denied" },
        { "/deribit/api/v2/PRIVATE/withdraw", 403, "policy_denied" },
        { "/deribit/api%2fv2%2fprivate%2fwithdraw", 400, "bad_request" },
        { "/deribit/api/v2/private;/withdraw", 400, "bad_request" },
    };

    public static TheoryData<string, int, string> WithdrawalSpellingsAsGet => new()
    {
        { "/deribit/api/v2/private/withdraw", 403, "policy_denied" },
        { "/https://www.deribit.com/api/v2/private/withdraw", 403, "policy_denied" },
        { "/deribit/api/v2/private/Withdraw", 403, "policy_denied" },
        { "/deribit/api/v2/private/withdraw/", 403, "policy_denied" },
        { "/deribit/api/v2/private/withdraw%3B", 403, "policy_denied" },
        { "/deribit/api/v2/private%2Fwithdraw", 400, "bad_request" },
        { "/deribit/api/v2/private//withdraw", 400, "bad_request" },
        { "/deribit/api//v2/private/withdraw", 400, "bad_request" },
        { "/deribit/api/v2/./private/withdraw", 400, "bad_request" },
        { "/deribit/api/v2/public/../private/withdraw", 400, "bad_request" },
        { "/deribit/api/v2/private/withdraw;", 400, "bad_request" },
    };

    public static TheoryData<string, string> GuardViolations => new()
    {
        { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"private/buy\",\"params\":{\"instrument_name\":\"ETH-PERPETUAL\",\"amount\":10,\"type\":\"limit\",\"price\":3000}}", "Symbols" },
        { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"private/buy\",\"params\":{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":100,\"type\":\"limit\",\"price\":50000}}", "MaxOrderNotional" },
    };

    protected override string Route => "deribit";

    protected override string Host => DeribitAccount.Host;

    protected override string ReadOnlyHost => "readonly.deribit.test";

    protected override string Symbol => "BTC-PERPETUAL";

    protected override int MaxOrderNotional => 1_000_000;

    /// <summary>API v2 reference, Wallet, "/private/withdraw", as a JSON-RPC request.</summary>
    protected override string WithdrawalBody => "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"private/withdraw\",\"params\":{\"currency\":\"BTC\",\"address\":\"bc1qexample\",\"amount\":1}}";

    protected override string OrderPath => "/api/v2/private/buy";

    /// <summary>10 USD of BTC-PERPETUAL at 50000: notional 500 000 (price × amount, in the guard's terms).</summary>
    protected override string GoodOrder => "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"private/buy\",\"params\":{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10,\"type\":\"limit\",\"price\":50000}}";

    protected override string ReadPath => "/api/v2/private/get_account_summary?currency=BTC";

    protected override IReadOnlyList<ExchangeRequest> Forwarded => Account.Exchange.Requests;

    [Theory]
    [MemberData(nameof(WithdrawalSpellingsAsGet))]
    public async Task Withdrawal_as_a_GET_is_refused_in_every_spelling_unsigned_and_unforwarded(string target, int status, string code)
    {
        var answer = await RawHttp.GetAsync(Proxy.ProxyAddress, target + WithdrawalQuery);

        SidecarErrors.AssertRaw(answer, status, code);
        AssertNothingForwardedNorSigned();
    }

    [Theory]
    [InlineData("/readonly/api/v2/private/buy?instrument_name=BTC-PERPETUAL&amount=10&type=limit&price=50000", "profile read-only")]
    [InlineData("/deribit/api/v2/private/buy?instrument_name=ETH-PERPETUAL&amount=10&type=limit&price=3000", "Symbols")]
    [InlineData("/deribit/api/v2/private/buy?instrument_name=BTC-PERPETUAL&amount=100&type=limit&price=50000", "MaxOrderNotional")]
    [InlineData("/deribit/api/v2/private/sell?instrument_name=BTC-PERPETUAL&amount=100&type=limit&price=50000", "MaxOrderNotional")]
    public async Task Orders_in_the_query_outside_the_venues_policy_are_refused_unsigned_and_unforwarded(string target, string rule)
    {
        using var response = await Proxy.Client.GetAsync(target);

        await AssertPolicyDeniedAsync(response, rule);
        AssertNothingForwardedNorSigned();
    }

    [Fact]
    public async Task The_allowed_order_in_the_query_passes_signed()
    {
        using var response = await Proxy.Client.GetAsync("/deribit/api/v2/private/buy?instrument_name=BTC-PERPETUAL&amount=10&type=limit&price=50000");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SignatureCheck.Valid, Assert.Single(Forwarded).Signature);
        Assert.Equal(1, Proxy.Signs);
    }

    protected override Task<DeribitAccount> CreateAccountAsync(SoftHsmToken token) => DeribitAccount.CreateAsync(token);

    protected override JsonObject Venue(DeribitAccount account, string host) =>
        SidecarUnderTest.Venue("deribit", account.Exchange.BaseAddress, account.ClientId, account.KeyLabel, host);
}
