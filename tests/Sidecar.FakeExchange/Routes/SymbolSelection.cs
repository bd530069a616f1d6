using Sidecar.FakeExchange.Binance;
using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Market;

namespace Sidecar.FakeExchange.Routes;

/// <summary>The optional <c>symbol</c> / <c>symbols</c> (JSON array) parameters of market-data endpoints.</summary>
internal static class SymbolSelection
{
    public static (IReadOnlyList<SymbolSpec>? Symbols, bool Single, BinanceError? Error) Select(
        RequestParameters parameters,
        IReadOnlyDictionary<string, SymbolSpec> catalog)
    {
        var symbol = parameters.Get("symbol");
        var symbols = parameters.Get("symbols");
        if (symbol is not null && symbols is not null)
        {
            return (null, false, new BinanceError(400, -1128, "Combination of optional parameters invalid."));
        }

        if (symbol is not null)
        {
            return catalog.TryGetValue(symbol, out var spec) ? ([spec], true, null) : (null, true, BinanceErrors.InvalidSymbol);
        }

        if (symbols is null)
        {
            return (catalog.Values.ToList(), false, null);
        }

        string[]? names;
        try
        {
            names = JsonSerializer.Deserialize<string[]>(symbols);
        }
        catch (JsonException)
        {
            names = null;
        }

        if (names is null || names.Length == 0)
        {
            return (null, false, BinanceErrors.InvalidParameter("symbols"));
        }

        var selected = new List<SymbolSpec>();
        foreach (var name in names)
        {
            if (!catalog.TryGetValue(name, out var spec))
            {
                return (null, false, BinanceErrors.InvalidSymbol);
            }

            selected.Add(spec);
        }

        return (selected, false, null);
    }
}
