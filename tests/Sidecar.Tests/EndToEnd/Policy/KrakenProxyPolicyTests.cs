using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.EndToEnd.Kraken;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// <see cref="VenuePolicyTests{TSelf, TAccount}"/> for Kraken (kraken), against the fake Kraken; the withdrawal endpoint
/// is <c>POST /0/private/Withdraw</c>. Kraken takes form bodies, its private reads are POSTs too, and the scheme writes
/// the nonce into the body it signs.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class KrakenProxyPolicyTests(SoftHsmToken token) : VenuePolicyTests<KrakenProxyPolicyTests, KrakenAccount>(token), IVenuePolicyTables
{
    public static TheoryData<string, int, string> WithdrawalSpellings => new()
    {
        { "/kraken/0/private/Withdraw", 403, "policy_denied" },
        { "/https://api.kraken.com/0/private/Withdraw", 403, "policy_denied" },
        { "/kraken/0/private/withdraw", 403, "policy_denied" },
        { "/kraken/0/private/WITHDRAW", 403, "policy_denied" },
        { "/kraken/0/Private/Withdraw", 403, "policy_denied" },
        { "/kraken/0/private/Withdraw/", 403, "policy_denied" },
        { "/kraken/0/private%2FWithdraw", 400, "bad_request" },
        { "/kraken/0%2fprivate/Withdraw", 400, "bad_request" },
        { "/kraken/0//private/Withdraw", 400, "bad_request" },
        { "/kraken/0/private//Withdraw", 400, "bad_request" },
        { "/kraken/0/./private/Withdraw", 400, "bad_request" },
        { "/kraken/0/private/x/../Withdraw", 400, "bad_request" },
        { "/kraken/0/private/Withdraw;", 400, "bad_request" },
        { "/kraken/0/private;a=1/Withdraw", 400, "bad_request" },
    };

    public static TheoryData<string, string> GuardViolations => new()
    {
        { "ordertype=limit&pair=ETHUSD&price=50000&type=buy&volume=0.002", "Symbols" },
        { "ordertype=limit&pair=XBTUSD&price=50000&type=buy&volume=0.5", "MaxOrderNotional" },
    };

    protected override string Route => "kraken";

    protected override string Host => "api.kraken.com";

    protected override string ReadOnlyHost => "readonly.kraken.test";

    protected override string Symbol => "XBTUSD";

    protected override string ContentType => "application/x-www-form-urlencoded";

    protected override string WithdrawalBody => "asset=XBT&key=cold-storage&amount=1";

    protected override string OrderPath => "/0/private/AddOrder";

    protected override string GoodOrder => "ordertype=limit&pair=XBTUSD&price=50000&type=buy&volume=0.002";

    protected override string ReadPath => "/0/private/BalanceEx";

    protected override string? ReadBody => "";

    protected override IReadOnlyList<ExchangeRequest> Forwarded => Account.Exchange.Requests;

    protected override Task<KrakenAccount> CreateAccountAsync(SoftHsmToken token) => KrakenAccount.CreateAsync(token);

    protected override JsonObject Venue(KrakenAccount account, string host) =>
        SidecarUnderTest.Venue("kraken", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, host);

    /// <summary>The bot sent no nonce, so the scheme put its own first, as Kraken's docs and ccxt do.</summary>
    protected override void AssertForwardedOrderBody(string body) =>
        Assert.Matches($"^nonce=[0-9]+&{Regex.Escape(GoodOrder)}$", body);
}
