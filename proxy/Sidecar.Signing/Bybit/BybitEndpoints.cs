using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Bybit;

/// <summary>
/// Bybit's endpoints (V5 docs: Market, Trade, Position, Account, Asset, User; the legacy V3 public paths ccxt still
/// lists). Market data and the other endpoints documented as public need no authentication; everything else is
/// signed: the safe default is a signature the exchange ignores, never a private call forwarded unsigned. Bybit
/// has no API-key-only endpoints. Loans, earn, lending, convert, fiat and the legacy V3 private paths are not
/// listed: they need an explicit Allow rule. Denials come first: the first matching row wins.
/// </summary>
internal static class BybitEndpoints
{
    public static readonly Policy.EndpointTable Table = new(
        // Asset: withdrawals, transfers between accounts/sub-accounts, deposits credited to another account.
        Withdrawal("POST /v5/asset/withdraw/**"),
        Transfer("POST /v5/asset/transfer/**"),
        Transfer("POST /v5/asset/deposit/deposit-to-account"),
        Transfer("POST /v5/position/move-positions"),
        Transfer("POST /v5/broker/award/distribute-award"),

        // User: sub-accounts and API keys.
        SubAccount("POST /v5/user/create-sub-member"),
        SubAccount("POST /v5/user/frozen-sub-member"),
        SubAccount("POST /v5/user/del-submember"),
        SubAccount("POST /v5/user/create-demo-member"),
        KeyManagement("POST /v5/user/create-sub-api"),
        KeyManagement("POST /v5/user/update-api"),
        KeyManagement("POST /v5/user/update-sub-api"),
        KeyManagement("POST /v5/user/delete-api"),
        KeyManagement("POST /v5/user/delete-sub-api"),

        // Public: V5 market data (time, kline, instruments-info, orderbook, tickers, funding, recent-trade …),
        // announcements, and the other endpoints the docs mark as needing no authentication.
        Public("* /v5/market/*/**"),
        Public("* /v5/announcements/*/**"),
        Public("* /v5/system/status"),
        Public("* /v5/spot-lever-token/info"), Public("* /v5/spot-lever-token/reference"),
        Public("* /v5/spot-margin-trade/data"), Public("* /v5/spot-margin-trade/collateral"),
        Public("* /v5/spot-cross-margin-trade/data"), Public("* /v5/spot-cross-margin-trade/pledge-token"),
        Public("* /v5/spot-cross-margin-trade/borrow-token"),
        Public("* /v5/crypto-loan/collateral-data"), Public("* /v5/crypto-loan/loanable-data"),
        Public("* /v5/crypto-loan-common/loanable-data"), Public("* /v5/crypto-loan-common/collateral-data"),
        Public("* /v5/crypto-loan-fixed/supply-order-quote"), Public("* /v5/crypto-loan-fixed/borrow-order-quote"),
        Public("* /v5/ins-loan/product-infos"), Public("* /v5/ins-loan/ensure-tokens-convert"),
        Public("* /v5/earn/product"),
        Public("* /v5/spot-x/launchpool/project/list"), Public("* /v5/spot-x/puzzle/project/list"),
        Public("* /v5/spot-x/token-splash/project/list"),
        Public("* /v5/event/instruments-info"), Public("* /v5/event/orderbook"),
        // Legacy V3 public endpoints.
        Public("* /spot/v3/public/*/**"), Public("* /derivatives/v3/public/*/**"), Public("* /v3/public/*/**"),

        // Reads: orders, executions, positions, account, asset records, this key's own info.
        Read("GET /v5/order/realtime"),
        Read("GET /v5/order/history"),
        Read("GET /v5/order/spot-borrow-check"),
        Read("GET /v5/execution/list"),
        Read("GET /v5/position/list"),
        Read("GET /v5/position/closed-pnl"),
        Read("GET /v5/position/get-closed-positions"),
        Read("GET /v5/position/move-history"),
        Read("GET /v5/account/**"),
        Read("GET /v5/asset/**"),
        Read("GET /v5/pre-upgrade/**"),
        Read("GET /v5/user/query-api"),
        Read("GET /v5/user/get-member-type"),

        // Trading: orders, and the position/account settings orders depend on.
        Trade("POST /v5/order/create", BybitOrders.Single),
        Trade("POST /v5/order/amend", BybitOrders.Unparsed),
        Cancel("POST /v5/order/cancel"),
        Cancel("POST /v5/order/cancel-all"),
        Trade("POST /v5/order/create-batch", BybitOrders.Batch),
        Trade("POST /v5/order/amend-batch", BybitOrders.Unparsed),
        Cancel("POST /v5/order/cancel-batch"),
        Cancel("POST /v5/order/disconnected-cancel-all"),
        Trade("POST /v5/order/pre-check"),
        Trade("POST /v5/position/set-leverage"),
        Trade("POST /v5/position/switch-isolated"),
        Trade("POST /v5/position/set-tpsl-mode"),
        Trade("POST /v5/position/switch-mode"),
        Trade("POST /v5/position/set-risk-limit"),
        Trade("POST /v5/position/trading-stop", BybitOrders.Unparsed),
        Trade("POST /v5/position/set-auto-add-margin"),
        Trade("POST /v5/position/add-margin"),
        Trade("POST /v5/position/confirm-pending-mmr"),
        Trade("POST /v5/account/set-margin-mode"),
        Trade("POST /v5/account/set-hedging-mode"),
        Trade("POST /v5/account/mmp-modify"),
        Trade("POST /v5/account/mmp-reset"),
        Trade("POST /v5/account/set-collateral-switch"),
        Trade("POST /v5/account/set-collateral-switch-batch"),

        // Legacy V3 order paths: not in a profile, but an Allow rule for one still meets the order guards.
        UnlistedOrders("POST /spot/v3/private/order", BybitOrders.Unparsed),
        UnlistedOrders("POST /contract/v3/private/order/create", BybitOrders.Unparsed),
        UnlistedOrders("POST /contract/v3/private/order/replace", BybitOrders.Unparsed),
        UnlistedOrders("POST /unified/v3/private/order/create", BybitOrders.Unparsed),
        UnlistedOrders("POST /unified/v3/private/order/replace", BybitOrders.Unparsed),
        UnlistedOrders("POST /unified/v3/private/order/create-batch", BybitOrders.Unparsed),
        UnlistedOrders("POST /unified/v3/private/order/replace-batch", BybitOrders.Unparsed));
}
