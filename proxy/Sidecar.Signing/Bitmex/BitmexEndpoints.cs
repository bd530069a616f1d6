using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Bitmex;

/// <summary>
/// BitMEX's endpoints (bitmex.com/api/explorer): the GET endpoints documented without authentication (market data,
/// instruments, schema, public wallet metadata) are public; every other request is signed — the same paths' other
/// methods are private or absent, and an unknown path is signed too: the safe default is a signature the exchange
/// ignores, never a private call forwarded unsigned. BitMEX has no API-key-only endpoints. Public rows come first,
/// then denials: the first matching row wins.
/// </summary>
internal static class BitmexEndpoints
{
    public static readonly Policy.EndpointTable Table = new(
        Public("GET /api/v1/announcement"), Public("GET /api/v1/chat"), Public("GET /api/v1/chat/channels"),
        Public("GET /api/v1/chat/connected"), Public("GET /api/v1/funding"), Public("GET /api/v1/insurance"),
        Public("GET /api/v1/instrument"), Public("GET /api/v1/instrument/active"),
        Public("GET /api/v1/instrument/activeAndIndices"), Public("GET /api/v1/instrument/activeIntervals"),
        Public("GET /api/v1/instrument/compositeIndex"), Public("GET /api/v1/instrument/indices"),
        Public("GET /api/v1/instrument/usdVolume"), Public("GET /api/v1/leaderboard"), Public("GET /api/v1/liquidation"),
        Public("GET /api/v1/orderBook/L2"), Public("GET /api/v1/quote"), Public("GET /api/v1/quote/bucketed"),
        Public("GET /api/v1/schema"), Public("GET /api/v1/schema/websocketHelp"), Public("GET /api/v1/settlement"),
        Public("GET /api/v1/stats"), Public("GET /api/v1/stats/history"), Public("GET /api/v1/stats/historyUSD"),
        Public("GET /api/v1/trade"), Public("GET /api/v1/trade/bucketed"), Public("GET /api/v1/wallet/assets"),
        Public("GET /api/v1/wallet/networks"),

        // Withdrawals and the address book that feeds them (its listing stays readable), transfers between accounts,
        // sub-accounts, and API keys (whose listing carries every key of the account).
        Withdrawal("POST /api/v1/user/requestWithdrawal"),
        Withdrawal("POST /api/v1/user/cancelWithdrawal"),
        Withdrawal("POST /api/v1/user/confirmWithdrawal"),
        Read("GET /api/v1/address"),
        Withdrawal("* /api/v1/address/**"),
        Transfer("POST /api/v1/user/walletTransfer"),
        SubAccount("POST /api/v1/user/addSubaccount"),
        SubAccount("POST /api/v1/user/updateSubaccount"),
        KeyManagement("* /api/v1/apiKey/**"),

        // Reads.
        Read("GET /api/v1/user"),
        Read("GET /api/v1/user/**"),
        Read("GET /api/v1/order"),
        Read("GET /api/v1/position"),
        Read("GET /api/v1/execution"),
        Read("GET /api/v1/execution/tradeHistory"),
        Read("GET /api/v1/userAffiliates"),
        Read("GET /api/v1/userEvent"),
        Read("GET /api/v1/porl/**"),

        // Trading.
        Trade("POST /api/v1/order", BitmexOrders.New),
        Trade("PUT /api/v1/order", BitmexOrders.Unparsed),
        Cancel("DELETE /api/v1/order"),
        Cancel("DELETE /api/v1/order/all"),
        Cancel("POST /api/v1/order/cancelAllAfter"),
        Trade("POST /api/v1/order/closePosition", BitmexOrders.Unparsed),
        Trade("POST /api/v1/order/bulk", BitmexOrders.Unparsed),
        Trade("PUT /api/v1/order/bulk", BitmexOrders.Unparsed),
        Trade("POST /api/v1/position/leverage"),
        Trade("POST /api/v1/position/isolate"),
        Trade("POST /api/v1/position/riskLimit"),
        Trade("POST /api/v1/position/transferMargin"),
        Trade("POST /api/v1/position/crossLeverage"),
        UnlistedOrders("PUT /api/v1/order/closePosition", BitmexOrders.Unparsed));
}
