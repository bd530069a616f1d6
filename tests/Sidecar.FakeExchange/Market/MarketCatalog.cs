namespace Sidecar.FakeExchange.Market;

/// <summary>The fake's symbols, with trading rules modelled on Binance's real ones. Prices never move.</summary>
internal static class MarketCatalog
{
    /// <summary>Spot (api.binance.com) symbols.</summary>
    public static IReadOnlyDictionary<string, SymbolSpec> Spot { get; } = Index(
        new SymbolSpec("BTCUSDT", "BTC", "USDT", PricePrecision: 2, QuantityPrecision: 5,
            new PriceFilter(0.01m, 1_000_000m, 0.01m), new LotSize(0.00001m, 9000m, 0.00001m),
            new LotSize(0m, 100m, 0m), MinNotional: 5m, MaxNumOrders: 200, LastPrice: 100_000.00m),
        new SymbolSpec("ETHUSDT", "ETH", "USDT", PricePrecision: 2, QuantityPrecision: 4,
            new PriceFilter(0.01m, 1_000_000m, 0.01m), new LotSize(0.0001m, 9000m, 0.0001m),
            new LotSize(0m, 1000m, 0m), MinNotional: 5m, MaxNumOrders: 200, LastPrice: 3_500.00m),
        new SymbolSpec("LTCBTC", "LTC", "BTC", PricePrecision: 6, QuantityPrecision: 3,
            new PriceFilter(0.000001m, 1000m, 0.000001m), new LotSize(0.001m, 100_000m, 0.001m),
            new LotSize(0m, 10_000m, 0m), MinNotional: 0.0001m, MaxNumOrders: 200, LastPrice: 0.000900m));

    /// <summary>USDⓈ-M perpetual (fapi.binance.com) symbols, settled in USDT.</summary>
    public static IReadOnlyDictionary<string, SymbolSpec> UsdM { get; } = Index(
        new SymbolSpec("BTCUSDT", "BTC", "USDT", PricePrecision: 2, QuantityPrecision: 3,
            new PriceFilter(261.10m, 809_484m, 0.10m), new LotSize(0.001m, 1000m, 0.001m),
            new LotSize(0.001m, 120m, 0.001m), MinNotional: 100m, MaxNumOrders: 200, LastPrice: 100_000.00m),
        new SymbolSpec("ETHUSDT", "ETH", "USDT", PricePrecision: 2, QuantityPrecision: 3,
            new PriceFilter(39.86m, 306_177m, 0.01m), new LotSize(0.001m, 10_000m, 0.001m),
            new LotSize(0.001m, 2000m, 0.001m), MinNotional: 20m, MaxNumOrders: 200, LastPrice: 3_500.00m));

    private static Dictionary<string, SymbolSpec> Index(params SymbolSpec[] symbols) =>
        symbols.ToDictionary(s => s.Symbol, StringComparer.Ordinal);
}
