namespace Sidecar.FakeExchange.Market;

/// <summary>PRICE_FILTER: price &gt;= minPrice, price &lt;= maxPrice, (price - minPrice) % tickSize == 0.
/// A zero value disables its rule, as Binance documents.</summary>
internal sealed record PriceFilter(decimal MinPrice, decimal MaxPrice, decimal TickSize);

/// <summary>LOT_SIZE / MARKET_LOT_SIZE: the same three rules for quantity. A zero value disables its rule.</summary>
internal sealed record LotSize(decimal MinQty, decimal MaxQty, decimal StepSize);

/// <summary>One tradable symbol of the fake: trading rules and the (fixed) last price.</summary>
internal sealed record SymbolSpec(
    string Symbol,
    string BaseAsset,
    string QuoteAsset,
    int PricePrecision,
    int QuantityPrecision,
    PriceFilter Price,
    LotSize Lot,
    LotSize MarketLot,
    decimal MinNotional,
    int MaxNumOrders,
    decimal LastPrice);
