using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>
/// Coinbase Advanced Trade (docs.cdp.coinbase.com, "Advanced Trade API" and the Coinbase App v2 endpoints ccxt uses):
/// the public market endpoints and the v2 currency, rate, price and time endpoints need no authentication;
/// everything else is signed, and so is any unknown path: the safe default is a JWT the exchange ignores, never a
/// private call forwarded unsigned. Public rows come first, then denials: the first matching row wins.
/// </summary>
internal static class CoinbaseAdvancedEndpoints
{
    public static readonly Policy.EndpointTable Table = new(
        Public("* /api/v3/brokerage/time"),
        Public("* /v2/currencies"), Public("* /v2/currencies/crypto"), Public("* /v2/exchange-rates"), Public("* /v2/time"),
        Public("* /api/v3/brokerage/market/*/**"), Public("* /v2/prices/*/**"),

        // Coinbase App: sending crypto and withdrawing fiat leave the account; deposits move money in.
        Withdrawal("POST /v2/accounts/*/transactions"),
        Withdrawal("* /v2/accounts/*/withdrawals/**"),
        Transfer("* /v2/accounts/*/deposits/**"),

        // Advanced Trade: moving funds between portfolios and futures sweeps; creating/editing/deleting portfolios.
        Transfer("POST /api/v3/brokerage/portfolios/move_funds"),
        Read("GET /api/v3/brokerage/cfm/sweeps"),
        Transfer("* /api/v3/brokerage/cfm/sweeps/**"),
        Transfer("POST /api/v3/brokerage/intx/allocate"),
        SubAccount("POST /api/v3/brokerage/portfolios"),
        SubAccount("PUT /api/v3/brokerage/portfolios/*"),
        SubAccount("DELETE /api/v3/brokerage/portfolios/*"),

        // Reads.
        Read("GET /api/v3/brokerage/accounts"),
        Read("GET /api/v3/brokerage/accounts/*"),
        Read("GET /api/v3/brokerage/orders/historical/**"),
        Read("GET /api/v3/brokerage/products"),
        Read("GET /api/v3/brokerage/products/**"),
        Read("GET /api/v3/brokerage/best_bid_ask"),
        Read("GET /api/v3/brokerage/product_book"),
        Read("GET /api/v3/brokerage/transaction_summary"),
        Read("GET /api/v3/brokerage/portfolios"),
        Read("GET /api/v3/brokerage/portfolios/*"),
        Read("GET /api/v3/brokerage/convert/trade/*"),
        Read("GET /api/v3/brokerage/cfm/**"),
        Read("GET /api/v3/brokerage/intx/**"),
        Read("GET /api/v3/brokerage/payment_methods"),
        Read("GET /api/v3/brokerage/payment_methods/*"),
        Read("GET /api/v3/brokerage/key_permissions"),
        Read("GET /v2/user"),
        Read("GET /v2/accounts"),
        Read("GET /v2/accounts/**"),
        Read("POST /v2/accounts/*/addresses"),

        // Trading.
        Trade("POST /api/v3/brokerage/orders", CoinbaseAdvancedOrders.New),
        Cancel("POST /api/v3/brokerage/orders/batch_cancel"),
        Trade("POST /api/v3/brokerage/orders/edit", CoinbaseAdvancedOrders.Unparsed),
        Trade("POST /api/v3/brokerage/orders/edit_preview"),
        Trade("POST /api/v3/brokerage/orders/preview"),
        Trade("POST /api/v3/brokerage/orders/close_position", CoinbaseAdvancedOrders.Unparsed),
        Trade("POST /api/v3/brokerage/convert/quote"),
        Trade("POST /api/v3/brokerage/convert/trade/*"),
        Trade("POST /api/v3/brokerage/cfm/intraday/margin_setting"),
        Trade("POST /api/v3/brokerage/intx/multi_asset_collateral"));
}
