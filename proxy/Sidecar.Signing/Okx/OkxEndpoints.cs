using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Okx;

/// <summary>
/// OKX V5's endpoints, from docs-v5 (Trading Account, Order Book Trading, Spread Trading, Funding Account,
/// Sub-account, and the public market, public data, statistics and status sections). Endpoints documented as
/// public ("Authentication is not required") are forwarded unsigned; everything else is signed, including endpoints
/// whose authentication the docs call optional: the safe default is a signature the exchange ignores, never a
/// private call forwarded unsigned. OKX has no API-key-only endpoints. Convert, one-click repay, borrowing, earn,
/// grid/signal bots, copy trading, RFQ and broker endpoints other than the denied ones are not listed: they need an
/// explicit Allow rule. Denials come first: the first matching row wins.
/// </summary>
internal static class OkxEndpoints
{
    public static readonly Policy.EndpointTable Table = new(
        // Funding: withdrawals (crypto, lightning, fiat), transfers, moving positions or bot income elsewhere.
        Withdrawal("POST /api/v5/asset/withdrawal"),
        Withdrawal("POST /api/v5/asset/withdrawal-lightning"),
        Withdrawal("POST /api/v5/asset/cancel-withdrawal"),
        Withdrawal("POST /api/v5/fiat/create-withdrawal"),
        Withdrawal("POST /api/v5/fiat/cancel-withdrawal"),
        Transfer("POST /api/v5/asset/transfer"),
        Transfer("POST /api/v5/asset/subaccount/transfer"),
        Transfer("POST /api/v5/account/move-positions"),
        Transfer("POST /api/v5/tradingBot/grid/withdraw-income"),

        // Sub-accounts (and the broker program's sub-accounts) and API keys.
        KeyManagement("POST /api/v5/users/subaccount/apikey"),
        KeyManagement("POST /api/v5/users/subaccount/modify-apikey"),
        KeyManagement("POST /api/v5/users/subaccount/delete-apikey"),
        KeyManagement("POST /api/v5/users/subaccount/subaccount-apikey"),
        KeyManagement("* /api/v5/broker/*/subaccount/apikey"),
        KeyManagement("* /api/v5/broker/*/subaccount/modify-apikey"),
        KeyManagement("* /api/v5/broker/*/subaccount/delete-apikey"),
        SubAccount("POST /api/v5/users/subaccount/**"),
        SubAccount("POST /api/v5/account/subaccount/**"),
        SubAccount("* /api/v5/broker/**"),
        SubAccount("* /api/v5/asset/broker/**"),

        // Public: market data, public data, trading statistics, status, spread public data, public bot, finance
        // and copy-trading queries.
        Public("* /api/v5/market/*/**"),
        Public("* /api/v5/public/*/**"),
        Public("* /api/v5/rubik/stat/*/**"),
        Public("* /api/v5/tradingBot/public/*/**"),
        Public("* /api/v5/copytrading/public-*/**"),
        Public("* /api/v5/system/status"),
        Public("* /api/v5/sprd/spreads"), Public("* /api/v5/sprd/books"), Public("* /api/v5/sprd/public-trades"),
        Public("* /api/v5/sprd/ticker"),
        Public("* /api/v5/tradingBot/grid/ai-param"), Public("* /api/v5/tradingBot/grid/min-investment"),
        Public("* /api/v5/tradingBot/grid/grid-quantity"),
        Public("* /api/v5/asset/exchange-list"),
        Public("* /api/v5/finance/staking-defi/eth/apy-history"), Public("* /api/v5/finance/staking-defi/sol/apy-history"),
        Public("* /api/v5/finance/savings/lending-rate-summary"), Public("* /api/v5/finance/savings/lending-rate-history"),
        Public("* /api/v5/finance/fixed-loan/lending-offers"), Public("* /api/v5/finance/fixed-loan/lending-apy-history"),
        Public("* /api/v5/finance/fixed-loan/pending-lending-volume"), Public("* /api/v5/finance/sfp/dcd/products"),
        Public("* /api/v5/support/announcement-types"), Public("* /api/v5/support/announcements-types"),

        // Reads: trading account, funding account, orders and fills.
        Read("GET /api/v5/account/**").Limited(OkxRateLimits.Requests(10)),
        Read("GET /api/v5/asset/**"),
        Read("GET /api/v5/trade/**").Limited(OkxRateLimits.Requests(40)),
        Read("GET /api/v5/sprd/**"),

        // Trading: orders (single, batch, algo), amendments, cancellations, and the settings orders depend on.
        Trade("POST /api/v5/trade/order", OkxOrders.Single).Limited(OkxRateLimits.Requests(60)),
        Trade("POST /api/v5/trade/batch-orders", OkxOrders.Batch).Limited(OkxRateLimits.Orders(300)),
        Cancel("POST /api/v5/trade/cancel-order").Limited(OkxRateLimits.Requests(60)),
        Cancel("POST /api/v5/trade/cancel-batch-orders"),
        Trade("POST /api/v5/trade/amend-order", OkxOrders.Unparsed).Limited(OkxRateLimits.Requests(60)),
        Trade("POST /api/v5/trade/amend-batch-orders", OkxOrders.Unparsed),
        Trade("POST /api/v5/trade/close-position", OkxOrders.Unparsed),
        Cancel("POST /api/v5/trade/mass-cancel"),
        Cancel("POST /api/v5/trade/cancel-all-after"),
        Trade("POST /api/v5/trade/order-precheck"),
        Trade("POST /api/v5/trade/order-algo", OkxOrders.Single),
        Cancel("POST /api/v5/trade/cancel-algos"),
        Trade("POST /api/v5/trade/amend-algos", OkxOrders.Unparsed),
        Cancel("POST /api/v5/trade/cancel-advance-algos"),
        Trade("POST /api/v5/sprd/order", OkxOrders.Unparsed),
        Cancel("POST /api/v5/sprd/cancel-order"),
        Cancel("POST /api/v5/sprd/mass-cancel"),
        Trade("POST /api/v5/sprd/amend-order", OkxOrders.Unparsed),
        Cancel("POST /api/v5/sprd/cancel-all-after"),
        Trade("POST /api/v5/account/set-leverage"),
        Trade("POST /api/v5/account/set-position-mode"),
        Trade("POST /api/v5/account/position/margin-balance"),
        Trade("POST /api/v5/account/set-isolated-mode"),
        Trade("POST /api/v5/account/set-greeks"),
        Trade("POST /api/v5/account/mmp-reset"),
        Trade("POST /api/v5/account/mmp-config"),

        // Copy-trading and bot orders: not in a profile, but an Allow rule for one still meets the order guards.
        UnlistedOrders("POST /api/v5/copytrading/algo-order", OkxOrders.Unparsed),
        UnlistedOrders("POST /api/v5/tradingBot/grid/order-algo", OkxOrders.Unparsed),
        UnlistedOrders("POST /api/v5/tradingBot/grid/copy-order-algo", OkxOrders.Unparsed),
        UnlistedOrders("POST /api/v5/tradingBot/signal/order-algo", OkxOrders.Unparsed),
        UnlistedOrders("POST /api/v5/tradingBot/recurring/order-algo", OkxOrders.Unparsed),
        UnlistedOrders("POST /api/v5/tradingBot/dca/create", OkxOrders.Unparsed));
}
