using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.EndToEnd.Bybit;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// <see cref="VenuePolicyTests{TSelf, TAccount}"/> for Bybit (bybit-v5), against the fake Bybit; the withdrawal endpoint is
/// <c>POST /v5/asset/withdraw/create</c>.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class BybitProxyPolicyTests(SoftHsmToken token) : VenuePolicyTests<BybitProxyPolicyTests, BybitAccount>(token), IVenuePolicyTables
{
    public static TheoryData<string, int, string> WithdrawalSpellings => new()
    {
        { "/bybit/v5/asset/withdraw/create", 403, "policy_denied" },
        { "/https://api.bybit.com/v5/asset/withdraw/create", 403, "policy_denied" },
        { "/bybit/V5/asset/withdraw/create", 403, "policy_denied" },
        { "/bybit/v5/asset/Withdraw/create", 403, "policy_denied" },
        { "/bybit/v5/asset/withdraw/CREATE", 403, "policy_denied" },
        { "/bybit/v5/asset/withdraw/create/", 403, "policy_denied" },
        { "/bybit/v5/asset%2Fwithdraw/create", 400, "bad_request" },
        { "/bybit/v5/asset/withdraw%2fcreate", 400, "bad_request" },
        { "/bybit/v5//asset/withdraw/create", 400, "bad_request" },
        { "/bybit/v5/asset/withdraw//create", 400, "bad_request" },
        { "/bybit/v5/./asset/withdraw/create", 400, "bad_request" },
        { "/bybit/v5/asset/withdraw/./create", 400, "bad_request" },
        { "/bybit/v5/asset/x/../withdraw/create", 400, "bad_request" },
        { "/bybit/v5/asset/withdraw/create;", 400, "bad_request" },
        { "/bybit/v5/asset/withdraw;a=1/create", 400, "bad_request" },
    };

    public static TheoryData<string, string> GuardViolations => new()
    {
        { "{\"category\":\"spot\",\"symbol\":\"ETHUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\"}", "Symbols" },
        { "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.5\",\"price\":\"50000\"}", "MaxOrderNotional" },
    };

    protected override string Route => "bybit";

    protected override string Host => "api.bybit.com";

    protected override string ReadOnlyHost => "readonly.bybit.test";

    protected override string Symbol => "BTCUSDT";

    protected override string WithdrawalBody => "{\"coin\":\"USDT\",\"chain\":\"ETH\",\"address\":\"0xabc\",\"amount\":\"100\",\"timestamp\":1700000000000,\"forceChain\":0,\"accountType\":\"FUND\"}";

    protected override string OrderPath => "/v5/order/create";

    protected override string GoodOrder => "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\",\"qty\":\"0.002\",\"price\":\"50000\",\"orderLinkId\":\"p-1\"}";

    protected override string ReadPath => "/v5/account/wallet-balance?accountType=UNIFIED";

    protected override IReadOnlyList<ExchangeRequest> Forwarded => Account.Exchange.Requests;

    protected override Task<BybitAccount> CreateAccountAsync(SoftHsmToken token) => BybitAccount.CreateAsync(token);

    protected override JsonObject Venue(BybitAccount account, string host) =>
        SidecarUnderTest.Venue("bybit-v5", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, host);
}
