using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Kraken;

/// <summary>
/// Kraken Spot REST (docs.kraken.com, "Spot REST API": Market Data, Account Data, Trading, Funding, Subaccounts,
/// Earn): market data lives under <c>/0/public/</c> and needs no key; everything under <c>/0/private/</c> is
/// signed, and so is any unknown path: the safe default is a signature the exchange ignores, never a private call
/// forwarded unsigned. Kraken has no API-key-only endpoints. Denials come first: the first matching row wins.
/// Weights are on Kraken's API counter (KrakenRateLimits): ledger and trade history calls 2, order calls 0 (they
/// count on the trading counter instead), every other private call 1.
/// </summary>
internal static class KrakenEndpoints
{
    public static readonly Policy.EndpointTable Table = new(
        // Funds leaving, or moving between wallets, subaccounts and Earn.
        Withdrawal("POST /0/private/Withdraw"),
        Withdrawal("POST /0/private/WithdrawCancel"),
        Transfer("POST /0/private/WalletTransfer"),
        Transfer("POST /0/private/AccountTransfer"),
        SubAccount("POST /0/private/CreateSubaccount"),
        Transfer("POST /0/private/Earn/Allocate"),
        Transfer("POST /0/private/Earn/Deallocate"),
        Transfer("POST /0/private/Stake"),
        Transfer("POST /0/private/Unstake"),

        Public("* /0/public/*/**"),

        // Account data and funding reads.
        Read("POST /0/private/Balance"),
        Read("POST /0/private/BalanceEx"),
        Read("POST /0/private/CreditLines"),
        Read("POST /0/private/TradeBalance"),
        Read("POST /0/private/OpenOrders"),
        Read("POST /0/private/ClosedOrders"),
        Read("POST /0/private/QueryOrders"),
        Read("POST /0/private/OrderAmends"),
        Read("POST /0/private/TradesHistory").Weighing(2),
        Read("POST /0/private/QueryTrades"),
        Read("POST /0/private/OpenPositions"),
        Read("POST /0/private/Ledgers").Weighing(2),
        Read("POST /0/private/QueryLedgers").Weighing(2),
        Read("POST /0/private/TradeVolume"),
        Read("POST /0/private/AddExport"),
        Read("POST /0/private/ExportStatus"),
        Read("POST /0/private/RetrieveExport"),
        Read("POST /0/private/RemoveExport"),
        Read("POST /0/private/GetApiKeyInfo"),
        Read("POST /0/private/DepositMethods"),
        Read("POST /0/private/DepositAddresses"),
        Read("POST /0/private/DepositStatus"),
        Read("POST /0/private/WithdrawMethods"),
        Read("POST /0/private/WithdrawAddresses"),
        Read("POST /0/private/WithdrawInfo"),
        Read("POST /0/private/WithdrawStatus"),
        Read("POST /0/private/Earn/Strategies"),
        Read("POST /0/private/Earn/Allocations"),
        Read("POST /0/private/Earn/AllocateStatus"),
        Read("POST /0/private/Earn/DeallocateStatus"),

        // Trading. The WebSocket token places orders over WS v2 (add_order, amend_order, edit_order, batch_add): it is a
        // trading credential, refused under read-only, and kept from the bot when the venue guards orders.
        Trade("POST /0/private/GetWebSocketsToken").Answering(KrakenWebSocketToken.Instance),
        Trade("POST /0/private/AddOrder", KrakenOrders.Single).Weighing(0),
        Trade("POST /0/private/AddOrderBatch", KrakenOrders.Unparsed).Weighing(0),
        Trade("POST /0/private/AmendOrder", KrakenOrders.Unparsed).Weighing(0),
        Trade("POST /0/private/EditOrder", KrakenOrders.Single).Weighing(0),
        Cancel("POST /0/private/CancelOrder").Weighing(0),
        Cancel("POST /0/private/CancelAll").Weighing(0),
        Cancel("POST /0/private/CancelAllOrdersAfter").Weighing(0),
        Cancel("POST /0/private/CancelOrderBatch").Weighing(0));
}
