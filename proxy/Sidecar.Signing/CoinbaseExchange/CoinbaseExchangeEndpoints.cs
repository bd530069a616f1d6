namespace Sidecar.Signing.CoinbaseExchange;

/// <summary>
/// Coinbase Exchange REST (api.exchange.coinbase.com, docs.cdp.coinbase.com/exchange): the "Products" and
/// "Currencies" market-data endpoints and <c>/time</c> need no authentication; everything else (accounts, orders,
/// fills, transfers, profiles, <c>/oracle</c> …) is private. Unknown paths are signed: a signature the exchange
/// ignores is harmless, a private call forwarded unsigned is not.
/// </summary>
internal static class CoinbaseExchangeEndpoints
{
    public static readonly PathTable Public = new(
        ["/products", "/currencies", "/time", "/wrapped-assets"],
        // /products/{id}, /book, /candles, /stats, /ticker, /trades, /products/volume-summary, /spark-lines;
        // /currencies/{id}. (/wrapped-assets/… is not a prefix: /wrapped-assets/redeem is private.)
        ["/products/", "/currencies/"]);

    public static EndpointAccess Classify(ReadOnlySpan<byte> path) =>
        Public.Matches(path) ? EndpointAccess.Public : EndpointAccess.Signed;
}
