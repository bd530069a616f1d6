using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Common;
using Sidecar.Tests.EndToEnd.CoinbaseExchange;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.EndToEnd.Policy;

/// <summary>
/// <see cref="VenuePolicyTests{TSelf, TAccount}"/> for Coinbase Exchange (coinbase-exchange), against the fake Coinbase
/// Exchange (issue 4); the withdrawal endpoints are <c>POST /withdrawals/crypto</c> and <c>POST /withdrawals/payment-method</c>.
/// </summary>
[Collection(HsmCollection.Name)]
public sealed class CoinbaseExchangeProxyPolicyTests(SoftHsmToken token) : VenuePolicyTests<CoinbaseExchangeProxyPolicyTests, CoinbaseExchangeAccount>(token), IVenuePolicyTables
{
    public static TheoryData<string, int, string> WithdrawalSpellings => new()
    {
        { "/coinbase-exchange/withdrawals/crypto", 403, "policy_denied" },
        { "/https://api.exchange.coinbase.com/withdrawals/crypto", 403, "policy_denied" },
        { "/coinbase-exchange/withdrawals/payment-method", 403, "policy_denied" },
        { "/coinbase-exchange/Withdrawals/crypto", 403, "policy_denied" },
        { "/coinbase-exchange/withdrawals/CRYPTO", 403, "policy_denied" },
        { "/coinbase-exchange/withdrawals/crypto/", 403, "policy_denied" },
        { "/coinbase-exchange/withdrawals/crypto%3B", 403, "policy_denied" },
        { "/coinbase-exchange/withdrawals%2Fcrypto", 400, "bad_request" },
        { "/coinbase-exchange/withdrawals%2fcrypto", 400, "bad_request" },
        { "/coinbase-exchange/withdrawals//crypto", 400, "bad_request" },
        { "/coinbase-exchange//withdrawals/crypto", 400, "bad_request" },
        { "/coinbase-exchange/./withdrawals/crypto", 400, "bad_request" },
        { "/coinbase-exchange/withdrawals/x/../crypto", 400, "bad_request" },
        { "/coinbase-exchange/withdrawals/crypto;", 400, "bad_request" },
        { "/coinbase-exchange/withdrawals;/crypto", 400, "bad_request" },
    };

    /// <summary>The last sells, naming the product in lower case: still the allowed symbol, so the notional guard refuses it.</summary>
    public static TheoryData<string, string> GuardViolations => new()
    {
        { "{\"type\":\"limit\",\"side\":\"buy\",\"product_id\":\"ETH-USD\",\"price\":\"3000.00\",\"size\":\"0.002\"}", "Symbols" },
        { "{\"type\":\"limit\",\"side\":\"buy\",\"product_id\":\"BTC-USD\",\"price\":\"50000.00\",\"size\":\"0.1\"}", "MaxOrderNotional" },
        { "{\"type\":\"limit\",\"side\":\"sell\",\"product_id\":\"btc-usd\",\"price\":\"50000.00\",\"size\":\"0.1\"}", "MaxOrderNotional" },
    };

    protected override string Route => "coinbase-exchange";

    protected override string Host => CoinbaseExchangeAccount.Host;

    protected override string ReadOnlyHost => "readonly.coinbase.test";

    protected override string Symbol => "BTC-USD";

    /// <summary>Exchange REST API reference, "Withdraw to crypto address": POST /withdrawals/crypto.</summary>
    protected override string WithdrawalBody => "{\"amount\":\"1\",\"currency\":\"BTC\",\"crypto_address\":\"bc1qexample\"}";

    protected override string OrderPath => "/orders";

    protected override string GoodOrder => "{\"type\":\"limit\",\"side\":\"buy\",\"product_id\":\"BTC-USD\",\"price\":\"50000.00\",\"size\":\"0.002\"}";

    protected override string ReadPath => "/accounts";

    protected override IReadOnlyList<ExchangeRequest> Forwarded => Account.Exchange.Requests;

    protected override Task<CoinbaseExchangeAccount> CreateAccountAsync(SoftHsmToken token) => CoinbaseExchangeAccount.CreateAsync(token);

    protected override JsonObject Venue(CoinbaseExchangeAccount account, string host) =>
        SidecarUnderTest.VenueWithPassphrase("coinbase-exchange", account.Exchange.BaseAddress, account.ApiKey, account.KeyLabel, account.PassphraseLabel, host);
}
