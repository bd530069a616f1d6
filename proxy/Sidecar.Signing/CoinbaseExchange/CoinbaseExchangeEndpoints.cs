using static Sidecar.Signing.Policy.ExchangeEndpoint;

namespace Sidecar.Signing.CoinbaseExchange;

/// <summary>
/// Coinbase Exchange (docs.cdp.coinbase.com/exchange, REST): products (and their book, candles, stats, ticker,
/// trades, volume summary, spark lines), currencies, time and wrapped assets are public; everything else is signed,
/// and so is any unknown path: the safe default is a signature the exchange ignores, never a private call forwarded
/// unsigned. <c>/wrapped-assets/…</c> is not public below its listing: <c>/wrapped-assets/redeem</c> is private.
/// Public rows come first, then denials: the first matching row wins.
/// </summary>
internal static class CoinbaseExchangeEndpoints
{
    public static readonly Policy.EndpointTable Table = new(
        Public("* /products"), Public("* /currencies"), Public("* /time"), Public("* /wrapped-assets"),
        Public("* /products/*/**"), Public("* /currencies/*/**"),

        // Money leaving or entering: withdrawals (and the address book that feeds them), deposits, crypto addresses.
        Read("GET /withdrawals/fee-estimate"),
        Withdrawal("* /withdrawals/**"),
        Withdrawal("POST /address-book"),
        Withdrawal("DELETE /address-book/*"),
        Transfer("* /deposits/**"),
        Transfer("POST /coinbase-accounts/*/addresses"),
        Transfer("POST /profiles/transfer"),
        Transfer("POST /profiles/margin-transfer"),
        SubAccount("POST /profiles"),
        SubAccount("PUT /profiles/**"),

        // Reads.
        Read("GET /accounts"),
        Read("GET /accounts/**"),
        Read("GET /coinbase-accounts"),
        Read("GET /address-book"),
        Read("GET /fills"),
        Read("GET /orders"),
        Read("GET /orders/*"),
        Read("GET /fees"),
        Read("GET /oracle"),
        Read("GET /payment-methods"),
        Read("GET /profiles"),
        Read("GET /profiles/*"),
        Read("GET /transfers"),
        Read("GET /transfers/*"),
        Read("GET /conversions"),
        Read("GET /conversions/*"),
        Read("GET /users/self/**"),
        Read("GET /users/*/trading-volumes"),
        Read("GET /reports/*"),
        Read("POST /reports"),
        Read("GET /travel-rules"),

        // Trading.
        Trade("POST /orders", CoinbaseExchangeOrders.New),
        Cancel("DELETE /orders"),
        Cancel("DELETE /orders/*"),
        Trade("POST /conversions"));
}
