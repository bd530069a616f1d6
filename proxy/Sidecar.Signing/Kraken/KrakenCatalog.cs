using Sidecar.Signing.Policy;
using static Sidecar.Signing.Policy.EndpointCategory;

namespace Sidecar.Signing.Kraken;

/// <summary>
/// Kraken Spot REST private endpoints by category, from docs.kraken.com ("Spot REST API": Account Data, Trading,
/// Funding, Subaccounts, Earn). Denials first: the first match wins. Public market data (<c>/0/public/*</c>) is
/// recognised by <see cref="KrakenEndpoints"/> and needs no entry.
/// </summary>
internal static class KrakenCatalog
{
    public static readonly EndpointCatalog Instance = new(
        // Funds leaving, or moving between wallets, subaccounts and Earn.
        ("POST /0/private/Withdraw", Withdrawal),
        ("POST /0/private/WithdrawCancel", Withdrawal),
        ("POST /0/private/WalletTransfer", Transfer),
        ("POST /0/private/AccountTransfer", Transfer),
        ("POST /0/private/CreateSubaccount", SubAccount),
        ("POST /0/private/Earn/Allocate", Transfer),
        ("POST /0/private/Earn/Deallocate", Transfer),
        ("POST /0/private/Stake", Transfer),
        ("POST /0/private/Unstake", Transfer),

        // Account data and funding reads.
        ("POST /0/private/Balance", Read),
        ("POST /0/private/BalanceEx", Read),
        ("POST /0/private/CreditLines", Read),
        ("POST /0/private/TradeBalance", Read),
        ("POST /0/private/OpenOrders", Read),
        ("POST /0/private/ClosedOrders", Read),
        ("POST /0/private/QueryOrders", Read),
        ("POST /0/private/OrderAmends", Read),
        ("POST /0/private/TradesHistory", Read),
        ("POST /0/private/QueryTrades", Read),
        ("POST /0/private/OpenPositions", Read),
        ("POST /0/private/Ledgers", Read),
        ("POST /0/private/QueryLedgers", Read),
        ("POST /0/private/TradeVolume", Read),
        ("POST /0/private/AddExport", Read),
        ("POST /0/private/ExportStatus", Read),
        ("POST /0/private/RetrieveExport", Read),
        ("POST /0/private/RemoveExport", Read),
        ("POST /0/private/GetWebSocketsToken", Read),
        ("POST /0/private/GetApiKeyInfo", Read),
        ("POST /0/private/DepositMethods", Read),
        ("POST /0/private/DepositAddresses", Read),
        ("POST /0/private/DepositStatus", Read),
        ("POST /0/private/WithdrawMethods", Read),
        ("POST /0/private/WithdrawAddresses", Read),
        ("POST /0/private/WithdrawInfo", Read),
        ("POST /0/private/WithdrawStatus", Read),
        ("POST /0/private/Earn/Strategies", Read),
        ("POST /0/private/Earn/Allocations", Read),
        ("POST /0/private/Earn/AllocateStatus", Read),
        ("POST /0/private/Earn/DeallocateStatus", Read),

        // Trading.
        ("POST /0/private/AddOrder", Trade),
        ("POST /0/private/AddOrderBatch", Trade),
        ("POST /0/private/AmendOrder", Trade),
        ("POST /0/private/EditOrder", Trade),
        ("POST /0/private/CancelOrder", Trade),
        ("POST /0/private/CancelAll", Trade),
        ("POST /0/private/CancelAllOrdersAfter", Trade),
        ("POST /0/private/CancelOrderBatch", Trade));
}
