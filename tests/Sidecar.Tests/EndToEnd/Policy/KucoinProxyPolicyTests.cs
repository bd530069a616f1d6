using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.EndToEnd.Kucoin;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// <see cref="VenuePolicyTests{TSelf, TAccount}"/> for KuCoin (kucoin), against the fake KuCoin; the withdrawal endpoint
/// is <c>POST /api/v1/withdrawals</c> and <c>POST /api/v3/withdrawals</c>.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KucoinProxyPolicyTests(SoftHsmToken token) : VenuePolicyTests<KucoinProxyPolicyTests, KucoinAccount>(token), IVenuePolicyTables
{
    public static TheoryData<string, int, string> WithdrawalSpellings => new()
    {
        { "/kucoin/api/v1/withdrawals", 403, "policy_denied" },
        { "/kucoin/api/v3/withdrawals", 403, "policy_denied" },
        { "/https://api.kucoin.com/api/v1/withdrawals", 403, "policy_denied" },
        { "/kucoin/API/v1/withdrawals", 403, "policy_denied" },
        { "/kucoin/api/v1/Withdrawals", 403, "policy_denied" },
        { "/kucoin/api/V3/withdrawals", 403, "policy_denied" },
        { "/kucoin/api/v1/withdrawals/", 403, "policy_denied" },
        { "/kucoin/api%2Fv1/withdrawals", 400, "bad_request" },
        { "/kucoin/api/v1%2fwithdrawals", 400, "bad_request" },
        { "/kucoin/api//v1/withdrawals", 400, "bad_request" },
        { "/kucoin/api/v1//withdrawals", 400, "bad_request" },
        { "/kucoin/api/./v1/withdrawals", 400, "bad_request" },
        { "/kucoin/api/v1/x/../withdrawals", 400, "bad_request" },
        { "/kucoin/api/v1/withdrawals;", 400, "bad_request" },
        { "/kucoin/api/v1;a=1/withdrawals", 400, "bad_request" },
    };

    public static TheoryData<string, string> GuardViolations => new()
    {
        { "{\"clientOid\":\"p-2\",\"side\":\"buy\",\"symbol\":\"ETH-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}", "Symbols" },
        { "{\"clientOid\":\"p-3\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.5\",\"price\":\"50000\"}", "MaxOrderNotional" },
    };

    protected override string Route => "kucoin";

    protected override string Host => "api.kucoin.com";

    protected override string ReadOnlyHost => "readonly.kucoin.test";

    protected override string Symbol => "BTC-USDT";

    protected override string WithdrawalBody => "{\"currency\":\"USDT\",\"toAddress\":\"0xabc\",\"amount\":\"100\",\"withdrawType\":\"ADDRESS\",\"chain\":\"eth\"}";

    protected override string OrderPath => "/api/v1/orders";

    protected override string GoodOrder => "{\"clientOid\":\"p-1\",\"side\":\"buy\",\"symbol\":\"BTC-USDT\",\"type\":\"limit\",\"size\":\"0.002\",\"price\":\"50000\"}";

    protected override string ReadPath => "/api/v1/accounts?type=trade";

    protected override IReadOnlyList<ExchangeRequest> Forwarded => Account.Exchange.Requests;

    protected override Task<KucoinAccount> CreateAccountAsync(SoftHsmToken token) => KucoinAccount.CreateAsync(token);

    protected override JsonObject Venue(KucoinAccount account, string host) =>
        SidecarUnderTest.VenueWithPassphrase("kucoin", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, account.PassphraseLabel, host);
}
