using System.Text.Json.Nodes;
using Sidecar.FakeExchange.CoinbaseAdvanced;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.EndToEnd.CoinbaseAdvanced;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// <see cref="VenuePolicyTests{TSelf, TAccount}"/> for Coinbase Advanced Trade (coinbase-advanced), against the fake
/// Coinbase Advanced Trade (issue 4); the withdrawal endpoint is the Coinbase App's "send money". The JWT names the
/// venue's first host, so the read-only venue (another host) has its own fake and key: see <see cref="Accounts"/>.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseAdvancedProxyPolicyTests(SoftHsmToken token)
    : VenuePolicyTests<CoinbaseAdvancedProxyPolicyTests, CoinbaseAdvancedProxyPolicyTests.Accounts>(token), IVenuePolicyTables
{
    public static TheoryData<string, int, string> WithdrawalSpellings => new()
    {
        { "/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 403, "policy_denied" },
        { "/https://api.coinbase.com/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 403, "policy_denied" },
        { "/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/withdrawals", 403, "policy_denied" },
        { "/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/Transactions", 403, "policy_denied" },
        { "/coinbase-advanced/V2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 403, "policy_denied" },
        { "/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions/", 403, "policy_denied" },
        { "/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions%3B", 403, "policy_denied" },
        { "/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede%2Ftransactions", 400, "bad_request" },
        { "/coinbase-advanced/v2%2faccounts%2f2bbf394c-193b-5b2a-9155-3b4732659ede%2ftransactions", 400, "bad_request" },
        { "/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede//transactions", 400, "bad_request" },
        { "/coinbase-advanced/v2/accounts//2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 400, "bad_request" },
        { "/coinbase-advanced/v2/./accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 400, "bad_request" },
        { "/coinbase-advanced/v2/accounts/x/../2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 400, "bad_request" },
        { "/coinbase-advanced/v2/accounts/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions;", 400, "bad_request" },
        { "/coinbase-advanced/v2/accounts;/2bbf394c-193b-5b2a-9155-3b4732659ede/transactions", 400, "bad_request" },
    };

    /// <summary>The last sells with another order configuration (good till date): its notional counts all the same.</summary>
    public static TheoryData<string, string> GuardViolations => new()
    {
        { "{\"client_order_id\":\"bot-2\",\"product_id\":\"ETH-USD\",\"side\":\"BUY\",\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.002\",\"limit_price\":\"3000\"}}}", "Symbols" },
        { "{\"client_order_id\":\"bot-3\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\",\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.1\",\"limit_price\":\"50000\"}}}", "MaxOrderNotional" },
        { "{\"client_order_id\":\"bot-4\",\"product_id\":\"BTC-USD\",\"side\":\"SELL\",\"order_configuration\":{\"limit_limit_gtd\":{\"base_size\":\"0.1\",\"limit_price\":\"50000\",\"end_time\":\"2030-01-01T00:00:00Z\"}}}", "MaxOrderNotional" },
    };

    protected override string Route => "coinbase-advanced";

    protected override string Host => CoinbaseAdvancedAccount.Host;

    protected override string ReadOnlyHost => "readonly.coinbase.test";

    protected override string Symbol => "BTC-USD";

    /// <summary>
    /// Coinbase App "Send money" (the way crypto leaves a CDP key's account): POST /v2/accounts/:account_id/transactions
    /// with type "send". The account id in the targets is the docs' example.
    /// </summary>
    protected override string WithdrawalBody => "{\"type\":\"send\",\"to\":\"bc1qexample\",\"amount\":\"1\",\"currency\":\"BTC\"}";

    protected override string OrderPath => "/api/v3/brokerage/orders";

    protected override string GoodOrder => "{\"client_order_id\":\"bot-1\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\",\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.002\",\"limit_price\":\"50000\",\"post_only\":false}}}";

    protected override string ReadPath => "/api/v3/brokerage/accounts";

    protected override IReadOnlyList<ExchangeRequest> Forwarded => Account.Guarded.Exchange.Requests;

    protected override IReadOnlyList<ExchangeRequest> ForwardedToReadOnly => Account.ReadOnlyExchange.Requests;

    protected override async Task<Accounts> CreateAccountAsync(SoftHsmToken token)
    {
        var guarded = await CoinbaseAdvancedAccount.CreateAsync(token);
        var keyName = $"organizations/{Guid.NewGuid()}/apiKeys/{Guid.NewGuid()}";
        var keyLabel = TestSecrets.Label("coinbase-advanced-readonly");
        var publicKeyPem = token.GenerateKeyPair(keyLabel, Sidecar.Pkcs11.KeyType.EcP256);
        var readOnlyExchange = await FakeCoinbaseAdvanced.StartAsync(new FakeCoinbaseAdvancedOptions { KeyName = keyName, PublicKeyPem = publicKeyPem, SignedHost = ReadOnlyHost });
        return new Accounts(guarded, readOnlyExchange, keyName, keyLabel);
    }

    protected override JsonObject Venue(Accounts account, string host) =>
        SidecarUnderTest.Venue("coinbase-advanced", account.Guarded.Exchange.BaseAddress, account.Guarded.KeyName, account.Guarded.KeyLabel, host);

    protected override JsonObject ReadOnlyVenue(Accounts account) =>
        SidecarUnderTest.Venue("coinbase-advanced", account.ReadOnlyExchange.BaseAddress, account.ReadOnlyKeyName, account.ReadOnlyKeyLabel, ReadOnlyHost);

    /// <summary>The guarded venue's account, and the read-only venue's own fake (which expects its host) and key.</summary>
    public sealed class Accounts(CoinbaseAdvancedAccount guarded, FakeCoinbaseAdvanced readOnlyExchange, string readOnlyKeyName, string readOnlyKeyLabel)
        : IAsyncDisposable
    {
        public CoinbaseAdvancedAccount Guarded { get; } = guarded;

        public FakeCoinbaseAdvanced ReadOnlyExchange { get; } = readOnlyExchange;

        public string ReadOnlyKeyName { get; } = readOnlyKeyName;

        public string ReadOnlyKeyLabel { get; } = readOnlyKeyLabel;

        public async ValueTask DisposeAsync()
        {
            await Guarded.DisposeAsync();
            await ReadOnlyExchange.DisposeAsync();
        }
    }
}
