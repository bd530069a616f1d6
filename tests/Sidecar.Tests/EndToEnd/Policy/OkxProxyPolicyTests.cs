using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.EndToEnd.Okx;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// <see cref="VenuePolicyTests{TSelf, TAccount}"/> for OKX (okx-v5), against the fake OKX; the withdrawal endpoint is
/// <c>POST /api/v5/asset/withdrawal</c>.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class OkxProxyPolicyTests(SoftHsmToken token) : VenuePolicyTests<OkxProxyPolicyTests, OkxAccount>(token), IVenuePolicyTables
{
    public static TheoryData<string, int, string> WithdrawalSpellings => new()
    {
        { "/okx/api/v5/asset/withdrawal", 403, "policy_denied" },
        { "/https://www.okx.com/api/v5/asset/withdrawal", 403, "policy_denied" },
        { "/okx/API/v5/asset/withdrawal", 403, "policy_denied" },
        { "/okx/api/v5/asset/Withdrawal", 403, "policy_denied" },
        { "/okx/api/v5/ASSET/withdrawal", 403, "policy_denied" },
        { "/okx/api/v5/asset/withdrawal/", 403, "policy_denied" },
        { "/okx/api/v5/asset%2Fwithdrawal", 400, "bad_request" },
        { "/okx/api/v5%2fasset/withdrawal", 400, "bad_request" },
        { "/okx/api/v5//asset/withdrawal", 400, "bad_request" },
        { "/okx/api//v5/asset/withdrawal", 400, "bad_request" },
        { "/okx/api/v5/./asset/withdrawal", 400, "bad_request" },
        { "/okx/api/v5/x/../asset/withdrawal", 400, "bad_request" },
        { "/okx/api/v5/asset/withdrawal;", 400, "bad_request" },
        { "/okx/api/v5/asset;a=1/withdrawal", 400, "bad_request" },
    };

    public static TheoryData<string, string> GuardViolations => new()
    {
        { "{\"instId\":\"ETH-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\"}", "Symbols" },
        { "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.5\",\"px\":\"50000\"}", "MaxOrderNotional" },
    };

    protected override string Route => "okx";

    protected override string Host => "www.okx.com";

    protected override string ReadOnlyHost => "readonly.okx.test";

    protected override string Symbol => "BTC-USDT";

    protected override string WithdrawalBody => "{\"ccy\":\"USDT\",\"amt\":\"100\",\"dest\":\"4\",\"toAddr\":\"0xabc\",\"chain\":\"USDT-ERC20\"}";

    protected override string OrderPath => "/api/v5/trade/order";

    protected override string GoodOrder => "{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"side\":\"buy\",\"ordType\":\"limit\",\"sz\":\"0.002\",\"px\":\"50000\",\"clOrdId\":\"p1\"}";

    protected override string ReadPath => "/api/v5/account/balance?ccy=BTC";

    protected override IReadOnlyList<ExchangeRequest> Forwarded => Account.Exchange.Requests;

    protected override Task<OkxAccount> CreateAccountAsync(SoftHsmToken token) => OkxAccount.CreateAsync(token);

    protected override JsonObject Venue(OkxAccount account, string host) =>
        SidecarUnderTest.VenueWithPassphrase("okx-v5", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, account.PassphraseLabel, host);
}
