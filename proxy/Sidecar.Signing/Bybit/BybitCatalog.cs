using Sidecar.Signing.Policy;
using static Sidecar.Signing.Policy.EndpointCategory;

namespace Sidecar.Signing.Bybit;

/// <summary>
/// Bybit V5's private endpoints by category, from the V5 docs (Trade, Position, Account, Asset, User). Denials
/// first: the first match wins. Public market data is recognised by <see cref="BybitEndpoints"/> and needs no entry.
/// Loans, earn, lending, convert, fiat and the legacy V3 paths are not listed: they need an explicit Allow rule.
/// </summary>
internal static class BybitCatalog
{
    public static readonly EndpointCatalog Instance = new(
        // Asset: withdrawals, transfers between accounts/sub-accounts, deposits credited to another account.
        ("POST /v5/asset/withdraw/**", Withdrawal),
        ("POST /v5/asset/transfer/**", Transfer),
        ("POST /v5/asset/deposit/deposit-to-account", Transfer),
        ("POST /v5/position/move-positions", Transfer),
        ("POST /v5/broker/award/distribute-award", Transfer),

        // User: sub-accounts and API keys.
        ("POST /v5/user/create-sub-member", SubAccount),
        ("POST /v5/user/frozen-sub-member", SubAccount),
        ("POST /v5/user/del-submember", SubAccount),
        ("POST /v5/user/create-demo-member", SubAccount),
        ("POST /v5/user/create-sub-api", ApiKeyManagement),
        ("POST /v5/user/update-api", ApiKeyManagement),
        ("POST /v5/user/update-sub-api", ApiKeyManagement),
        ("POST /v5/user/delete-api", ApiKeyManagement),
        ("POST /v5/user/delete-sub-api", ApiKeyManagement),

        // Reads: orders, executions, positions, account, asset records, this key's own info.
        ("GET /v5/order/realtime", Read),
        ("GET /v5/order/history", Read),
        ("GET /v5/order/spot-borrow-check", Read),
        ("GET /v5/execution/list", Read),
        ("GET /v5/position/list", Read),
        ("GET /v5/position/closed-pnl", Read),
        ("GET /v5/position/get-closed-positions", Read),
        ("GET /v5/position/move-history", Read),
        ("GET /v5/account/**", Read),
        ("GET /v5/asset/**", Read),
        ("GET /v5/pre-upgrade/**", Read),
        ("GET /v5/user/query-api", Read),
        ("GET /v5/user/get-member-type", Read),

        // Trading: orders, and the position/account settings orders depend on.
        ("POST /v5/order/create", Trade),
        ("POST /v5/order/amend", Trade),
        ("POST /v5/order/cancel", Trade),
        ("POST /v5/order/cancel-all", Trade),
        ("POST /v5/order/create-batch", Trade),
        ("POST /v5/order/amend-batch", Trade),
        ("POST /v5/order/cancel-batch", Trade),
        ("POST /v5/order/disconnected-cancel-all", Trade),
        ("POST /v5/order/pre-check", Trade),
        ("POST /v5/position/set-leverage", Trade),
        ("POST /v5/position/switch-isolated", Trade),
        ("POST /v5/position/set-tpsl-mode", Trade),
        ("POST /v5/position/switch-mode", Trade),
        ("POST /v5/position/set-risk-limit", Trade),
        ("POST /v5/position/trading-stop", Trade),
        ("POST /v5/position/set-auto-add-margin", Trade),
        ("POST /v5/position/add-margin", Trade),
        ("POST /v5/position/confirm-pending-mmr", Trade),
        ("POST /v5/account/set-margin-mode", Trade),
        ("POST /v5/account/set-hedging-mode", Trade),
        ("POST /v5/account/mmp-modify", Trade),
        ("POST /v5/account/mmp-reset", Trade),
        ("POST /v5/account/set-collateral-switch", Trade),
        ("POST /v5/account/set-collateral-switch-batch", Trade));
}
