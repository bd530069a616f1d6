namespace Sidecar.Signing;

/// <summary>
/// The schemes a venue's <c>Scheme</c> setting can name: every concrete <see cref="SigningScheme"/> in this
/// assembly, listed here rather than discovered by reflection, so a trimmed or Native AOT build keeps them all.
/// Adding a scheme is adding its class and one line below; a test fails when a class is missing from the list.
/// </summary>
public static class SigningSchemes
{
    private static readonly SigningScheme[] All = Create();

    public static IEnumerable<string> Names
    {
        get
        {
            foreach (var scheme in All)
            {
                yield return scheme.Name;
            }
        }
    }

    public static bool TryGet(string? name, out SigningScheme scheme)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                scheme = candidate;
                return true;
            }
        }

        scheme = null!;
        return false;
    }

    private static SigningScheme[] Create()
    {
        var schemes = new List<SigningScheme>
        {
            new Binance.BinanceHmacScheme(),
            new Binance.BinanceEd25519Scheme(),
            new Bitfinex.BitfinexScheme(),
            new Bitmex.BitmexScheme(),
            new Bybit.BybitScheme(),
            new CoinbaseAdvanced.CoinbaseAdvancedScheme(),
            new CoinbaseExchange.CoinbaseExchangeScheme(),
            new Deribit.DeribitScheme(),
            new Gate.GateScheme(),
            new Kraken.KrakenScheme(),
            new Kucoin.KucoinScheme(),
            new Okx.OkxScheme(),
        };

        schemes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < schemes.Count; i++)
        {
            if (schemes[i].Name == schemes[i - 1].Name)
            {
                throw new InvalidOperationException($"Two signing schemes are named '{schemes[i].Name}'.");
            }
        }

        return [.. schemes];
    }
}
