using Sidecar.Signing.Policy;
using static Sidecar.Signing.Policy.EndpointCategory;

namespace Sidecar.Signing.Gate;

/// <summary>
/// Gate API v4 private endpoints by category, from gate.com/docs/developers/apiv4 (Withdrawal, Wallet, SubAccount,
/// Unified, Spot, Margin, MarginUni, Futures, Delivery, Options, Earn, Collateral/Multi-collateral loan, Account).
/// Denials first: the first match wins. Public market data is recognised by <see cref="GateEndpoints"/>.
/// </summary>
internal static class GateCatalog
{
    public static readonly EndpointCatalog Instance = new(
        // Funds leaving (withdrawals, UID push transfers), moving between accounts, sub-accounts and their keys,
        // borrowing and lending.
        ("* /api/v4/withdrawals/**", Withdrawal),
        ("* /api/v4/sub_accounts/*/keys/**", ApiKeyManagement),
        ("* /api/v4/sub_accounts/**", SubAccount),
        ("POST /api/v4/wallet/transfers", Transfer),
        ("POST /api/v4/wallet/sub_account_transfers", Transfer),
        ("POST /api/v4/wallet/sub_account_to_sub_account", Transfer),
        ("POST /api/v4/margin/uni/loans", Transfer),
        ("POST /api/v4/unified/loans", Transfer),
        ("GET /api/v4/earn/**", Read),
        ("GET /api/v4/loan/**", Read),
        ("* /api/v4/earn/**", Transfer),
        ("* /api/v4/loan/**", Transfer),
        ("POST /api/v4/margin/**", Transfer),

        // Reads.
        ("GET /api/v4/account/**", Read),
        ("GET /api/v4/wallet/**", Read),
        ("GET /api/v4/spot/**", Read),
        ("GET /api/v4/margin/**", Read),
        ("GET /api/v4/unified/**", Read),
        ("GET /api/v4/futures/**", Read),
        ("GET /api/v4/delivery/**", Read),
        ("GET /api/v4/options/**", Read),
        ("GET /api/v4/flash_swap/**", Read),
        ("GET /api/v4/rebate/**", Read),

        // Trading: spot and margin orders (margin orders are spot orders with account=margin), futures, delivery
        // and options orders and positions, flash swaps.
        ("* /api/v4/spot/orders", Trade),
        ("* /api/v4/spot/orders/*", Trade),
        ("POST /api/v4/spot/batch_orders", Trade),
        ("POST /api/v4/spot/cancel_batch_orders", Trade),
        ("POST /api/v4/spot/amend_batch_orders", Trade),
        ("* /api/v4/spot/price_orders", Trade),
        ("* /api/v4/spot/price_orders/*", Trade),
        ("POST /api/v4/spot/countdown_cancel_all", Trade),
        ("POST /api/v4/spot/cross_liquidate_orders", Trade),
        ("* /api/v4/futures/*/orders", Trade),
        ("* /api/v4/futures/*/orders/*", Trade),
        ("POST /api/v4/futures/*/batch_orders", Trade),
        ("POST /api/v4/futures/*/batch_cancel_orders", Trade),
        ("POST /api/v4/futures/*/batch_amend_orders", Trade),
        ("* /api/v4/futures/*/price_orders", Trade),
        ("* /api/v4/futures/*/price_orders/*", Trade),
        ("POST /api/v4/futures/*/countdown_cancel_all", Trade),
        ("POST /api/v4/futures/*/positions/**", Trade),
        ("POST /api/v4/futures/*/dual_mode", Trade),
        ("POST /api/v4/futures/*/dual_comp/**", Trade),
        ("* /api/v4/delivery/*/orders", Trade),
        ("* /api/v4/delivery/*/orders/*", Trade),
        ("* /api/v4/delivery/*/price_orders", Trade),
        ("* /api/v4/delivery/*/price_orders/*", Trade),
        ("POST /api/v4/delivery/*/positions/**", Trade),
        ("* /api/v4/options/orders", Trade),
        ("* /api/v4/options/orders/*", Trade),
        ("POST /api/v4/options/countdown_cancel_all", Trade),
        ("POST /api/v4/flash_swap/orders", Trade),
        ("POST /api/v4/flash_swap/orders/preview", Trade));
}
