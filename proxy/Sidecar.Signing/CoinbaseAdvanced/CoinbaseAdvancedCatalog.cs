using Sidecar.Signing.Policy;
using static Sidecar.Signing.Policy.EndpointCategory;

namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>
/// Coinbase Advanced Trade (v3 brokerage) and the Coinbase App v2 endpoints a CDP key reaches, by category, from the
/// Advanced Trade API reference and the Coinbase App "Track APIs"/"Send money" docs. Denials first: the first match
/// wins. Public market data is recognised by <see cref="CoinbaseAdvancedEndpoints"/>.
/// </summary>
internal static class CoinbaseAdvancedCatalog
{
    public static readonly EndpointCatalog Instance = new(
        // Coinbase App: sending crypto and withdrawing fiat leave the account; deposits move money in.
        ("POST /v2/accounts/*/transactions", Withdrawal),
        ("* /v2/accounts/*/withdrawals/**", Withdrawal),
        ("* /v2/accounts/*/deposits/**", Transfer),
        // Advanced Trade: moving funds between portfolios and futures sweeps; creating/editing/deleting portfolios.
        ("POST /api/v3/brokerage/portfolios/move_funds", Transfer),
        ("GET /api/v3/brokerage/cfm/sweeps", Read),
        ("* /api/v3/brokerage/cfm/sweeps/**", Transfer),
        ("POST /api/v3/brokerage/intx/allocate", Transfer),
        ("POST /api/v3/brokerage/portfolios", SubAccount),
        ("PUT /api/v3/brokerage/portfolios/*", SubAccount),
        ("DELETE /api/v3/brokerage/portfolios/*", SubAccount),

        // Reads.
        ("GET /api/v3/brokerage/accounts", Read),
        ("GET /api/v3/brokerage/accounts/*", Read),
        ("GET /api/v3/brokerage/orders/historical/**", Read),
        ("GET /api/v3/brokerage/products", Read),
        ("GET /api/v3/brokerage/products/**", Read),
        ("GET /api/v3/brokerage/best_bid_ask", Read),
        ("GET /api/v3/brokerage/product_book", Read),
        ("GET /api/v3/brokerage/transaction_summary", Read),
        ("GET /api/v3/brokerage/portfolios", Read),
        ("GET /api/v3/brokerage/portfolios/*", Read),
        ("GET /api/v3/brokerage/convert/trade/*", Read),
        ("GET /api/v3/brokerage/cfm/**", Read),
        ("GET /api/v3/brokerage/intx/**", Read),
        ("GET /api/v3/brokerage/payment_methods", Read),
        ("GET /api/v3/brokerage/payment_methods/*", Read),
        ("GET /api/v3/brokerage/key_permissions", Read),
        ("GET /v2/user", Read),
        ("GET /v2/accounts", Read),
        ("GET /v2/accounts/**", Read),
        ("POST /v2/accounts/*/addresses", Read),

        // Trading.
        ("POST /api/v3/brokerage/orders", Trade),
        ("POST /api/v3/brokerage/orders/batch_cancel", Trade),
        ("POST /api/v3/brokerage/orders/edit", Trade),
        ("POST /api/v3/brokerage/orders/edit_preview", Trade),
        ("POST /api/v3/brokerage/orders/preview", Trade),
        ("POST /api/v3/brokerage/orders/close_position", Trade),
        ("POST /api/v3/brokerage/convert/quote", Trade),
        ("POST /api/v3/brokerage/convert/trade/*", Trade),
        ("POST /api/v3/brokerage/cfm/intraday/margin_setting", Trade),
        ("POST /api/v3/brokerage/intx/multi_asset_collateral", Trade));
}
