using System.Net;
using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.EndToEnd.Gate;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// <see cref="VenuePolicyTests{TSelf, TAccount}"/> for Gate (gate-v4), against the fake Gate; the withdrawal endpoint is
/// <c>POST /api/v4/withdrawals</c>. Gate answers a placed order 201.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class GateProxyPolicyTests(SoftHsmToken token) : VenuePolicyTests<GateProxyPolicyTests, GateAccount>(token), IVenuePolicyTables
{
    public static TheoryData<string, int, string> WithdrawalSpellings => new()
    {
        { "/gate/api/v4/withdrawals", 403, "policy_denied" },
        { "/https://api.gateio.ws/api/v4/withdrawals", 403, "policy_denied" },
        { "/gate/API/v4/withdrawals", 403, "policy_denied" },
        { "/gate/api/v4/Withdrawals", 403, "policy_denied" },
        { "/gate/api/V4/withdrawals", 403, "policy_denied" },
        { "/gate/api/v4/withdrawals/", 403, "policy_denied" },
        { "/gate/api%2Fv4/withdrawals", 400, "bad_request" },
        { "/gate/api/v4%2fwithdrawals", 400, "bad_request" },
        { "/gate/api//v4/withdrawals", 400, "bad_request" },
        { "/gate/api/v4//withdrawals", 400, "bad_request" },
        { "/gate/api/./v4/withdrawals", 400, "bad_request" },
        { "/gate/api/v4/x/../withdrawals", 400, "bad_request" },
        { "/gate/api/v4/withdrawals;", 400, "bad_request" },
        { "/gate/api/v4;a=1/withdrawals", 400, "bad_request" },
    };

    public static TheoryData<string, string> GuardViolations => new()
    {
        { "{\"currency_pair\":\"ETH_USDT\",\"type\":\"limit\",\"account\":\"spot\",\"side\":\"buy\",\"amount\":\"0.002\",\"price\":\"50000\"}", "Symbols" },
        { "{\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"account\":\"spot\",\"side\":\"buy\",\"amount\":\"0.5\",\"price\":\"50000\"}", "MaxOrderNotional" },
    };

    protected override string Route => "gate";

    protected override string Host => "api.gateio.ws";

    protected override string ReadOnlyHost => "readonly.gate.test";

    protected override string Symbol => "BTC_USDT";

    protected override string WithdrawalBody => "{\"currency\":\"USDT\",\"address\":\"TXabc\",\"amount\":\"100\",\"chain\":\"TRX\"}";

    protected override string OrderPath => "/api/v4/spot/orders";

    protected override string GoodOrder => "{\"currency_pair\":\"BTC_USDT\",\"type\":\"limit\",\"account\":\"spot\",\"side\":\"buy\",\"amount\":\"0.002\",\"price\":\"50000\",\"text\":\"t-p1\"}";

    protected override HttpStatusCode OrderAccepted => HttpStatusCode.Created;

    protected override string ReadPath => "/api/v4/spot/accounts";

    protected override IReadOnlyList<ExchangeRequest> Forwarded => Account.Exchange.Requests;

    protected override Task<GateAccount> CreateAccountAsync(SoftHsmToken token) => GateAccount.CreateAsync(token);

    protected override JsonObject Venue(GateAccount account, string host) =>
        SidecarUnderTest.Venue("gate-v4", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, host);
}
