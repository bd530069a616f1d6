using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.Bitfinex;

/// <summary>
/// Bitfinex's endpoints, from docs.bitfinex.com (REST public; REST auth: read, write, calc): v2 public market data
/// and the v1 public endpoints ccxt still uses need no authentication; everything under <c>/v2/auth/</c> is signed,
/// and so is any unknown path: the safe default is a signature the exchange ignores, never a private call forwarded
/// unsigned. Bitfinex has no API-key-only endpoints. Public rows come first, then denials: the first matching row
/// wins.
/// </summary>
internal static class BitfinexEndpoints
{
    public static readonly Policy.EndpointTable Table = new(
        Public("* /v2/platform/status"), Public("* /v2/tickers"), Public("* /v2/tickers/hist"),
        Public("* /v2/liquidations/hist"), Public("* /v2/pulse/hist"), Public("* /v2/calc/trade/avg"), Public("* /v2/calc/fx"),
        Public("* /v2/ticker/*/**"), Public("* /v2/trades/*/**"), Public("* /v2/book/*/**"), Public("* /v2/stats1/*/**"),
        Public("* /v2/candles/*/**"), Public("* /v2/conf/*/**"), Public("* /v2/status/*/**"), Public("* /v2/rankings/*/**"),
        Public("* /v2/pulse/profile/*/**"), Public("* /v2/funding/stats/*/**"),
        // v1 public market data (api.bitfinex.com/v1).
        Public("* /v1/symbols"), Public("* /v1/symbols_details"),
        Public("* /v1/pubticker/*/**"), Public("* /v1/stats/*/**"), Public("* /v1/lendbook/*/**"), Public("* /v1/book/*/**"),
        Public("* /v1/trades/*/**"), Public("* /v1/lends/*/**"),

        // Funds leaving, moving between wallets, deposit addresses and invoices, margin-funding offers; auth tokens.
        Withdrawal("POST /v2/auth/w/withdraw"),
        Transfer("POST /v2/auth/w/transfer"),
        Transfer("POST /v2/auth/w/deposit/**"),
        Transfer("POST /v2/auth/w/funding/**"),
        KeyManagement("POST /v2/auth/w/token"),

        // Reads (wallets, orders, trades, ledgers, positions, movements, user info …) and calculations.
        Read("POST /v2/auth/r/**"),
        Read("POST /v2/auth/calc/**"),

        // Trading: orders (submit, update, cancel, multi), positions, derivative collateral.
        Trade("POST /v2/auth/w/order/submit", BitfinexOrders.Submit),
        Trade("POST /v2/auth/w/order/update", BitfinexOrders.Unparsed),
        Trade("POST /v2/auth/w/order/multi", BitfinexOrders.Unparsed),
        Cancel("POST /v2/auth/w/order/cancel"),
        Cancel("POST /v2/auth/w/order/cancel/multi"),
        Trade("POST /v2/auth/w/order/**"),
        Trade("POST /v2/auth/w/position/**"),
        Trade("POST /v2/auth/w/deriv/collateral/set"));
}
