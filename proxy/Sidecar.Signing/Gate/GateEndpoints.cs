using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Gate;

/// <summary>
/// Gate API v4's endpoints, from gate.com/docs/developers/apiv4 (Withdrawal, Wallet, SubAccount, Unified, Spot,
/// Margin, MarginUni, Futures, Delivery, Options, Earn, Collateral/Multi-collateral loan, Account). Operations the
/// docs mark "This operation does not require authentication" (market data, currency lists) are public; futures
/// and delivery paths carry the settle currency (<c>/api/v4/futures/{settle}/contracts</c>). Everything else is
/// signed, and so is any unknown path: the safe default is a signature the exchange ignores, never a private call
/// forwarded unsigned. Gate has no API-key-only endpoints. Public rows come first (whatever the method, Sidecar
/// adds no credentials to them), then denials: the first matching row wins.
/// </summary>
internal static class GateEndpoints
{
    public static readonly Policy.EndpointTable Table = new(
    [
        // Public spot, margin, wallet, flash-swap, unified, options and earn market data.
        Public("* /api/v4/spot/currencies"), Public("* /api/v4/spot/currency_pairs"), Public("* /api/v4/spot/tickers"),
        Public("* /api/v4/spot/order_book"), Public("* /api/v4/spot/trades"), Public("* /api/v4/spot/candlesticks"),
        Public("* /api/v4/spot/time"), Public("* /api/v4/spot/insurance_history"),
        Public("* /api/v4/margin/currency_pairs"), Public("* /api/v4/margin/funding_book"),
        Public("* /api/v4/margin/uni/currency_pairs"), Public("* /api/v4/margin/cross/currencies"),
        Public("* /api/v4/margin/loan_margin_tiers"),
        Public("* /api/v4/wallet/currency_chains"), Public("* /api/v4/flash_swap/currency_pairs"),
        Public("* /api/v4/flash_swap/currencies"),
        Public("* /api/v4/unified/currencies"), Public("* /api/v4/unified/history_loan_rate"),
        Public("* /api/v4/options/underlyings"), Public("* /api/v4/options/expirations"), Public("* /api/v4/options/contracts"),
        Public("* /api/v4/options/settlements"), Public("* /api/v4/options/order_book"), Public("* /api/v4/options/tickers"),
        Public("* /api/v4/options/candlesticks"), Public("* /api/v4/options/underlying/candlesticks"),
        Public("* /api/v4/options/trades"),
        Public("* /api/v4/earn/uni/currencies"),
        Public("* /api/v4/spot/currencies/*/**"), Public("* /api/v4/spot/currency_pairs/*/**"),
        Public("* /api/v4/margin/currency_pairs/*/**"), Public("* /api/v4/margin/uni/currency_pairs/*/**"),
        Public("* /api/v4/margin/cross/currencies/*/**"), Public("* /api/v4/options/contracts/*/**"),
        Public("* /api/v4/options/settlements/*/**"), Public("* /api/v4/options/underlying/tickers/*/**"),
        Public("* /api/v4/earn/uni/currencies/*/**"),

        // Public futures market data, per settle currency.
        Public("* /api/v4/futures/*/contracts"), Public("* /api/v4/futures/*/order_book"), Public("* /api/v4/futures/*/trades"),
        Public("* /api/v4/futures/*/candlesticks"), Public("* /api/v4/futures/*/premium_index"),
        Public("* /api/v4/futures/*/tickers"), Public("* /api/v4/futures/*/funding_rate"),
        Public("* /api/v4/futures/*/insurance"), Public("* /api/v4/futures/*/contract_stats"),
        Public("* /api/v4/futures/*/liq_orders"), Public("* /api/v4/futures/*/risk_limit_tiers"),
        Public("* /api/v4/futures/*/contracts/*/**"), Public("* /api/v4/futures/*/index_constituents/*/**"),

        // Public delivery market data, per settle currency.
        Public("* /api/v4/delivery/*/contracts"), Public("* /api/v4/delivery/*/order_book"),
        Public("* /api/v4/delivery/*/trades"), Public("* /api/v4/delivery/*/candlesticks"),
        Public("* /api/v4/delivery/*/tickers"), Public("* /api/v4/delivery/*/insurance"),
        Public("* /api/v4/delivery/*/risk_limit_tiers"), Public("* /api/v4/delivery/*/contracts/*/**"),

        // Funds leaving (withdrawals, UID push transfers), moving between accounts, sub-accounts and their keys,
        // borrowing and lending.
        Withdrawal("* /api/v4/withdrawals/**"),
        KeyManagement("* /api/v4/sub_accounts/*/keys/**"),
        SubAccount("* /api/v4/sub_accounts/**"),
        Transfer("POST /api/v4/wallet/transfers"),
        Transfer("POST /api/v4/wallet/sub_account_transfers"),
        Transfer("POST /api/v4/wallet/sub_account_to_sub_account"),
        Transfer("POST /api/v4/margin/uni/loans"),
        Transfer("POST /api/v4/unified/loans"),
        Read("GET /api/v4/earn/**"),
        Read("GET /api/v4/loan/**"),
        Transfer("* /api/v4/earn/**"),
        Transfer("* /api/v4/loan/**"),
        Transfer("POST /api/v4/margin/**"),

        // Reads.
        Read("GET /api/v4/account/**"),
        Read("GET /api/v4/wallet/**"),
        Read("GET /api/v4/spot/**"),
        Read("GET /api/v4/margin/**"),
        Read("GET /api/v4/unified/**"),
        Read("GET /api/v4/futures/**"),
        Read("GET /api/v4/delivery/**"),
        Read("GET /api/v4/options/**"),
        Read("GET /api/v4/flash_swap/**"),
        Read("GET /api/v4/rebate/**"),

        // Trading: spot and margin orders (margin orders are spot orders with account=margin), futures, delivery
        // and options orders and positions, flash swaps. Placing or amending (POST, PUT, PATCH) reads the order
        // where Gate's units allow it and is unreadable otherwise; cancelling (DELETE) places nothing.
        .. Cancels("/api/v4/spot/orders"), .. Cancels("/api/v4/spot/price_orders"),
        .. Cancels("/api/v4/futures/*/orders"), .. Cancels("/api/v4/futures/*/price_orders"),
        .. Cancels("/api/v4/delivery/*/orders"), .. Cancels("/api/v4/delivery/*/price_orders"),
        .. Cancels("/api/v4/options/orders"),
        Trade("POST /api/v4/spot/orders", GateOrders.Spot).Limited(GateRateLimits.SpotOrders),
        Trade("* /api/v4/spot/orders"),
        Trade("POST|PUT|PATCH /api/v4/spot/orders/*", GateOrders.Unparsed),
        Trade("* /api/v4/spot/orders/*"),
        Trade("POST /api/v4/spot/batch_orders", GateOrders.Unparsed).Limited(GateRateLimits.SpotOrders),
        Cancel("POST /api/v4/spot/cancel_batch_orders"),
        Trade("POST /api/v4/spot/amend_batch_orders", GateOrders.Unparsed),
        .. UnparsedOrders("/api/v4/spot/price_orders"),
        Cancel("POST /api/v4/spot/countdown_cancel_all"),
        Trade("POST /api/v4/spot/cross_liquidate_orders", GateOrders.Unparsed),
        .. UnparsedOrders("/api/v4/futures/*/orders", GateRateLimits.FuturesOrders),
        Trade("POST /api/v4/futures/*/batch_orders", GateOrders.Unparsed).Limited(GateRateLimits.FuturesOrders),
        Cancel("POST /api/v4/futures/*/batch_cancel_orders"),
        Trade("POST /api/v4/futures/*/batch_amend_orders", GateOrders.Unparsed),
        .. UnparsedOrders("/api/v4/futures/*/price_orders"),
        Cancel("POST /api/v4/futures/*/countdown_cancel_all"),
        Trade("POST /api/v4/futures/*/positions/**"),
        Trade("POST /api/v4/futures/*/dual_mode"),
        Trade("POST /api/v4/futures/*/dual_comp/**"),
        .. UnparsedOrders("/api/v4/delivery/*/orders"),
        .. UnparsedOrders("/api/v4/delivery/*/price_orders"),
        Trade("POST /api/v4/delivery/*/positions/**"),
        .. UnparsedOrders("/api/v4/options/orders"),
        Cancel("POST /api/v4/options/countdown_cancel_all"),
        Trade("POST /api/v4/flash_swap/orders"),
        Trade("POST /api/v4/flash_swap/orders/preview"),
    ]);

    /// <summary>Cancelling (DELETE) the orders of a resource, or one of them: it places nothing.</summary>
    private static ExchangeEndpoint[] Cancels(string path) => [Cancel("DELETE " + path), Cancel("DELETE " + path + "/*")];

    /// <summary>
    /// An order resource whose orders the guards cannot read (contract sizes, amendments, trigger orders): placing or
    /// amending it or one of its orders (POST, PUT, PATCH) is unreadable, anything else on it is trading.
    /// <paramref name="limit"/>, when given, limits placing on the resource itself.
    /// </summary>
    private static ExchangeEndpoint[] UnparsedOrders(string path, RateLimit? limit = null)
    {
        var place = Trade("POST|PUT|PATCH " + path, GateOrders.Unparsed);
        return
        [
            limit is null ? place : place.Limited(limit), Trade("* " + path),
            Trade("POST|PUT|PATCH " + path + "/*", GateOrders.Unparsed), Trade("* " + path + "/*"),
        ];
    }
}
