namespace Sidecar.Signing;

/// <summary>
/// The exchanges Sidecar signs for. Adding one is adding its folder and one line below; each exchange's class
/// brings everything else (see <see cref="Exchange"/>). Listed here rather than discovered by reflection, so a
/// trimmed or Native AOT build keeps them all. The registry checks itself when first used: every exchange has a
/// scheme, scheme names are unique, and every table row is well formed.
/// </summary>
public static class Exchanges
{
    public static IReadOnlyList<Exchange> All { get; } = Register(
    [
        new Binance.BinanceExchange(),
        new Bitfinex.BitfinexExchange(),
        new Bitmex.BitmexExchange(),
        new Bybit.BybitExchange(),
        new CoinbaseAdvanced.CoinbaseAdvancedExchange(),
        new CoinbaseExchange.CoinbaseExchangeExchange(),
        new Deribit.DeribitExchange(),
        new Gate.GateExchange(),
        new Kraken.KrakenExchange(),
        new Kucoin.KucoinExchange(),
        new Okx.OkxExchange(),
    ]);

    private static Exchange[] Register(Exchange[] exchanges)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var exchange in exchanges)
        {
            if (exchange.Schemes.Count == 0)
            {
                throw new InvalidOperationException($"{exchange.Name} registers no signing scheme.");
            }

            if (exchange.Endpoints.Count == 0)
            {
                throw new InvalidOperationException($"{exchange.Name} has an empty endpoint table.");
            }

            foreach (var scheme in exchange.Schemes)
            {
                if (!names.Add(scheme.Name))
                {
                    throw new InvalidOperationException($"Two signing schemes are named '{scheme.Name}'.");
                }

                scheme.Exchange = exchange;
            }
        }

        return exchanges;
    }
}
