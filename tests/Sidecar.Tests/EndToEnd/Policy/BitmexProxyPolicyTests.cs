using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.EndToEnd.Bitmex;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// <see cref="VenuePolicyTests{TSelf, TAccount}"/> for BitMEX (bitmex), against the fake BitMEX (issue 4); the withdrawal
/// endpoint is <c>POST /api/v1/user/requestWithdrawal</c>. Quantities are contracts, so the notional limit is larger.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BitmexProxyPolicyTests(SoftHsmToken token) : VenuePolicyTests<BitmexProxyPolicyTests, BitmexAccount>(token), IVenuePolicyTables
{
    public static TheoryData<string, int, string> WithdrawalSpellings => new()
    {
        { "/bitmex/api/v1/user/requestWithdrawal", 403, "policy_denied" },
        { "/https://www.bitmex.com/api/v1/user/requestWithdrawal", 403, "policy_denied" },
        { "/bitmex/api/v1/user/requestwithdrawal", 403, "policy_denied" },
        { "/bitmex/api/v1/User/requestWithdrawal", 403, "policy_denied" },
        { "/bitmex/API/v1/user/requestWithdrawal", 403, "policy_denied" },
        { "/bitmex/api/v1/user/requestWithdrawal/", 403, "policy_denied" },
        { "/bitmex/api/v1/user/requestWithdrawal%3B", 403, "policy_denied" },
        { "/bitmex/api/v1/user%2FrequestWithdrawal", 400, "bad_request" },
        { "/bitmex/api%2fv1%2fuser%2frequestWithdrawal", 400, "bad_request" },
        { "/bitmex/api/v1/user//requestWithdrawal", 400, "bad_request" },
        { "/bitmex/api//v1/user/requestWithdrawal", 400, "bad_request" },
        { "/bitmex/api/v1/./user/requestWithdrawal", 400, "bad_request" },
        { "/bitmex/api/v1/user/x/../requestWithdrawal", 400, "bad_request" },
        { "/bitmex/api/v1/user/requestWithdrawal;", 400, "bad_request" },
        { "/bitmex/api/v1/user;/requestWithdrawal", 400, "bad_request" },
    };

    /// <summary>The last is a sell without an order type: its notional counts all the same.</summary>
    public static TheoryData<string, string> GuardViolations => new()
    {
        { "{\"symbol\":\"ETHUSD\",\"side\":\"Buy\",\"orderQty\":1,\"price\":3000,\"ordType\":\"Limit\"}", "Symbols" },
        { "{\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"orderQty\":1000,\"price\":50000,\"ordType\":\"Limit\"}", "MaxOrderNotional" },
        { "{\"symbol\":\"XBTUSD\",\"side\":\"Sell\",\"orderQty\":1000,\"price\":50000}", "MaxOrderNotional" },
    };

    protected override string Route => "bitmex";

    protected override string Host => BitmexAccount.Host;

    protected override string ReadOnlyHost => "readonly.bitmex.test";

    protected override string Symbol => "XBTUSD";

    protected override int MaxOrderNotional => 10_000_000;

    /// <summary>REST API Explorer, "User: Request a withdrawal to an external wallet": POST /api/v1/user/requestWithdrawal.</summary>
    protected override string WithdrawalBody => "{\"currency\":\"XBt\",\"amount\":100000,\"address\":\"bc1qexample\"}";

    protected override string OrderPath => "/api/v1/order";

    /// <summary>100 contracts at 50000: notional 5 000 000 (price × orderQty, in the guard's terms).</summary>
    protected override string GoodOrder => "{\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"orderQty\":100,\"price\":50000,\"ordType\":\"Limit\"}";

    protected override string ReadPath => "/api/v1/user/wallet";

    protected override IReadOnlyList<ExchangeRequest> Forwarded => Account.Exchange.Requests;

    protected override Task<BitmexAccount> CreateAccountAsync(SoftHsmToken token) => BitmexAccount.CreateAsync(token);

    protected override JsonObject Venue(BitmexAccount account, string host) =>
        SidecarUnderTest.Venue("bitmex", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, host);
}
