using Sidecar.Signing.Policy;
using static Sidecar.Signing.Policy.EndpointCategory;

namespace Sidecar.Signing.Okx;

/// <summary>
/// OKX V5's private endpoints by category, from docs-v5 (Trading Account, Order Book Trading, Spread Trading,
/// Funding Account, Sub-account). Denials first: the first match wins. Public data is recognised by
/// <see cref="OkxEndpoints"/>. Convert, one-click repay, borrowing, earn, grid/signal bots, copy trading, RFQ and
/// broker endpoints other than the denied ones are not listed: they need an explicit Allow rule.
/// </summary>
internal static class OkxCatalog
{
    public static readonly EndpointCatalog Instance = new(
        // Funding: withdrawals (crypto, lightning, fiat), transfers, moving positions or bot income elsewhere.
        ("POST /api/v5/asset/withdrawal", Withdrawal),
        ("POST /api/v5/asset/withdrawal-lightning", Withdrawal),
        ("POST /api/v5/asset/cancel-withdrawal", Withdrawal),
        ("POST /api/v5/fiat/create-withdrawal", Withdrawal),
        ("POST /api/v5/fiat/cancel-withdrawal", Withdrawal),
        ("POST /api/v5/asset/transfer", Transfer),
        ("POST /api/v5/asset/subaccount/transfer", Transfer),
        ("POST /api/v5/account/move-positions", Transfer),
        ("POST /api/v5/tradingBot/grid/withdraw-income", Transfer),

        // Sub-accounts (and the broker program's sub-accounts) and API keys.
        ("POST /api/v5/users/subaccount/apikey", ApiKeyManagement),
        ("POST /api/v5/users/subaccount/modify-apikey", ApiKeyManagement),
        ("POST /api/v5/users/subaccount/delete-apikey", ApiKeyManagement),
        ("POST /api/v5/users/subaccount/subaccount-apikey", ApiKeyManagement),
        ("* /api/v5/broker/*/subaccount/apikey", ApiKeyManagement),
        ("* /api/v5/broker/*/subaccount/modify-apikey", ApiKeyManagement),
        ("* /api/v5/broker/*/subaccount/delete-apikey", ApiKeyManagement),
        ("POST /api/v5/users/subaccount/**", SubAccount),
        ("POST /api/v5/account/subaccount/**", SubAccount),
        ("* /api/v5/broker/**", SubAccount),
        ("* /api/v5/asset/broker/**", SubAccount),

        // Reads: trading account, funding account, orders and fills.
        ("GET /api/v5/account/**", Read),
        ("GET /api/v5/asset/**", Read),
        ("GET /api/v5/trade/**", Read),
        ("GET /api/v5/sprd/**", Read),

        // Trading: orders (single, batch, algo), amendments, cancellations, and the settings orders depend on.
        ("POST /api/v5/trade/order", Trade),
        ("POST /api/v5/trade/batch-orders", Trade),
        ("POST /api/v5/trade/cancel-order", Trade),
        ("POST /api/v5/trade/cancel-batch-orders", Trade),
        ("POST /api/v5/trade/amend-order", Trade),
        ("POST /api/v5/trade/amend-batch-orders", Trade),
        ("POST /api/v5/trade/close-position", Trade),
        ("POST /api/v5/trade/mass-cancel", Trade),
        ("POST /api/v5/trade/cancel-all-after", Trade),
        ("POST /api/v5/trade/order-precheck", Trade),
        ("POST /api/v5/trade/order-algo", Trade),
        ("POST /api/v5/trade/cancel-algos", Trade),
        ("POST /api/v5/trade/amend-algos", Trade),
        ("POST /api/v5/trade/cancel-advance-algos", Trade),
        ("POST /api/v5/sprd/order", Trade),
        ("POST /api/v5/sprd/cancel-order", Trade),
        ("POST /api/v5/sprd/mass-cancel", Trade),
        ("POST /api/v5/sprd/amend-order", Trade),
        ("POST /api/v5/sprd/cancel-all-after", Trade),
        ("POST /api/v5/account/set-leverage", Trade),
        ("POST /api/v5/account/set-position-mode", Trade),
        ("POST /api/v5/account/position/margin-balance", Trade),
        ("POST /api/v5/account/set-isolated-mode", Trade),
        ("POST /api/v5/account/set-greeks", Trade),
        ("POST /api/v5/account/mmp-reset", Trade),
        ("POST /api/v5/account/mmp-config", Trade));
}
