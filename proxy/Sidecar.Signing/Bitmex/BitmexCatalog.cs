using Sidecar.Signing.Policy;
using static Sidecar.Signing.Policy.EndpointCategory;

namespace Sidecar.Signing.Bitmex;

/// <summary>
/// BitMEX's private endpoints by category, from the REST API Explorer (User, Address, APIKey, Order, Position,
/// Execution, Wallet). Denials first: the first match wins. Public market data is recognised by
/// <see cref="BitmexEndpoints"/>.
/// </summary>
internal static class BitmexCatalog
{
    public static readonly EndpointCatalog Instance = new(
        ("POST /api/v1/user/requestWithdrawal", Withdrawal),
        ("POST /api/v1/user/cancelWithdrawal", Withdrawal),
        ("POST /api/v1/user/confirmWithdrawal", Withdrawal),
        ("GET /api/v1/address", Read),
        ("* /api/v1/address/**", Withdrawal),
        ("POST /api/v1/user/walletTransfer", Transfer),
        ("POST /api/v1/user/addSubaccount", SubAccount),
        ("POST /api/v1/user/updateSubaccount", SubAccount),
        ("* /api/v1/apiKey/**", ApiKeyManagement),

        // Reads.
        ("GET /api/v1/user", Read),
        ("GET /api/v1/user/**", Read),
        ("GET /api/v1/order", Read),
        ("GET /api/v1/position", Read),
        ("GET /api/v1/execution", Read),
        ("GET /api/v1/execution/tradeHistory", Read),
        ("GET /api/v1/userAffiliates", Read),
        ("GET /api/v1/userEvent", Read),
        ("GET /api/v1/porl/**", Read),

        // Trading.
        ("POST /api/v1/order", Trade),
        ("PUT /api/v1/order", Trade),
        ("DELETE /api/v1/order", Trade),
        ("DELETE /api/v1/order/all", Trade),
        ("POST /api/v1/order/cancelAllAfter", Trade),
        ("POST /api/v1/order/closePosition", Trade),
        ("POST /api/v1/order/bulk", Trade),
        ("PUT /api/v1/order/bulk", Trade),
        ("POST /api/v1/position/leverage", Trade),
        ("POST /api/v1/position/isolate", Trade),
        ("POST /api/v1/position/riskLimit", Trade),
        ("POST /api/v1/position/transferMargin", Trade),
        ("POST /api/v1/position/crossLeverage", Trade));
}
