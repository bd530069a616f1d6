using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.EndToEnd.Bitfinex;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// <see cref="VenuePolicyTests{TSelf, TAccount}"/> for Bitfinex (bitfinex-v2), against the fake Bitfinex (issue 4); the
/// withdrawal endpoint is <c>POST /v2/auth/w/withdraw</c>. Bitfinex's authenticated reads are POSTs too.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BitfinexProxyPolicyTests(SoftHsmToken token) : VenuePolicyTests<BitfinexProxyPolicyTests, BitfinexAccount>(token), IVenuePolicyTables
{
    public static TheoryData<string, int, string> WithdrawalSpellings => new()
    {
        { "/bitfinex/v2/auth/w/withdraw", 403, "policy_denied" },
        { "/https://api.bitfinex.com/v2/auth/w/withdraw", 403, "policy_denied" },
        { "/bitfinex/v2/auth/w/Withdraw", 403, "policy_denied" },
        { "/bitfinex/v2/AUTH/w/withdraw", 403, "policy_denied" },
        { "/bitfinex/v2/auth/w/withdraw/", 403, "policy_denied" },
        { "/bitfinex/v2/auth/w/withdraw%3B", 403, "policy_denied" },
        { "/bitfinex/v2/auth/w%2Fwithdraw", 400, "bad_request" },
        { "/bitfinex/v2/auth%2fw%2fwithdraw", 400, "bad_request" },
        { "/bitfinex/v2/auth/w//withdraw", 400, "bad_request" },
        { "/bitfinex/v2//auth/w/withdraw", 400, "bad_request" },
        { "/bitfinex/v2/auth/./w/withdraw", 400, "bad_request" },
        { "/bitfinex/v2/auth/w/x/../withdraw", 400, "bad_request" },
        { "/bitfinex/v2/auth/w/withdraw;", 400, "bad_request" },
        { "/bitfinex/v2/auth/w/withdraw;x=1", 400, "bad_request" },
    };

    /// <summary>A negative amount is a sell: its notional counts all the same.</summary>
    public static TheoryData<string, string> GuardViolations => new()
    {
        { "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tETHUSD\",\"amount\":\"0.002\",\"price\":\"3000\"}", "Symbols" },
        { "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"0.1\",\"price\":\"50000\"}", "MaxOrderNotional" },
        { "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"-0.1\",\"price\":\"50000\"}", "MaxOrderNotional" },
    };

    protected override string Route => "bitfinex";

    protected override string Host => "api.bitfinex.com";

    protected override string ReadOnlyHost => "readonly.bitfinex.test";

    protected override string Symbol => "tBTCUSD";

    /// <summary>docs.bitfinex.com, "Withdrawal": POST /v2/auth/w/withdraw.</summary>
    protected override string WithdrawalBody => "{\"wallet\":\"exchange\",\"method\":\"bitcoin\",\"amount\":\"1\",\"address\":\"bc1qexample\"}";

    protected override string OrderPath => "/v2/auth/w/order/submit";

    protected override string GoodOrder => "{\"type\":\"EXCHANGE LIMIT\",\"symbol\":\"tBTCUSD\",\"amount\":\"0.002\",\"price\":\"50000\"}";

    protected override string ReadPath => "/v2/auth/r/wallets";

    protected override string? ReadBody => "{}";

    protected override IReadOnlyList<ExchangeRequest> Forwarded => Account.Exchange.Requests;

    protected override Task<BitfinexAccount> CreateAccountAsync(SoftHsmToken token) => BitfinexAccount.CreateAsync(token);

    protected override JsonObject Venue(BitfinexAccount account, string host) =>
        SidecarUnderTest.Venue("bitfinex-v2", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, host);
}
