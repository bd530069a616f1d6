using Sidecar.FakeExchange.Binance;
using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Market;

namespace Sidecar.FakeExchange.Routes;

internal static class RouteHelpers
{
    /// <summary>The mandatory <c>symbol</c> parameter, which must name a symbol of <paramref name="catalog"/>.</summary>
    public static bool TryGetSymbol(
        RequestParameters parameters,
        IReadOnlyDictionary<string, SymbolSpec> catalog,
        out SymbolSpec symbol,
        out BinanceResponse? error)
    {
        symbol = null!;
        if (!parameters.TryGetRequired("symbol", out var name, out var missing))
        {
            error = BinanceResponse.Error(missing!);
            return false;
        }

        if (!catalog.TryGetValue(name, out var found))
        {
            error = BinanceResponse.Error(BinanceErrors.InvalidSymbol);
            return false;
        }

        symbol = found;
        error = null;
        return true;
    }

    /// <summary>The optional <c>symbol</c> parameter: null when absent, an error when it names no symbol.</summary>
    public static bool TryGetOptionalSymbol(
        RequestParameters parameters,
        IReadOnlyDictionary<string, SymbolSpec> catalog,
        out string? symbol,
        out BinanceResponse? error)
    {
        symbol = parameters.Get("symbol");
        error = symbol is not null && !catalog.ContainsKey(symbol) ? BinanceResponse.Error(BinanceErrors.InvalidSymbol) : null;
        return error is null;
    }
}
