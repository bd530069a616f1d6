namespace Sidecar.FakeExchange.Orders;

/// <summary>Which Binance product an order belongs to; each has its own order ids.</summary>
internal enum Product
{
    Spot,
    UsdM,
}

/// <summary>An order as the fake keeps it. Immutable: a change (cancel) stores a new copy.</summary>
internal sealed record StoredOrder
{
    public required Product Product { get; init; }

    public required string Symbol { get; init; }

    public required long OrderId { get; init; }

    public required string ClientOrderId { get; init; }

    /// <summary>BUY or SELL.</summary>
    public required string Side { get; init; }

    /// <summary>LIMIT or MARKET.</summary>
    public required string Type { get; init; }

    /// <summary>GTC/IOC/FOK(/GTX for futures); spot MARKET orders answer "GTC" as Binance does.</summary>
    public required string TimeInForce { get; init; }

    /// <summary>Limit price; 0 for MARKET.</summary>
    public required decimal Price { get; init; }

    public required decimal OrigQty { get; init; }

    public required decimal ExecutedQty { get; init; }

    /// <summary>Quote quantity filled (spot cummulativeQuoteQty, futures cumQuote).</summary>
    public required decimal CumQuote { get; init; }

    /// <summary>Spot quoteOrderQty, 0 when not used.</summary>
    public decimal OrigQuoteOrderQty { get; init; }

    /// <summary>NEW, FILLED, CANCELED or EXPIRED.</summary>
    public required string Status { get; init; }

    public required long Time { get; init; }

    public required long UpdateTime { get; init; }

    /// <summary>Futures only: BOTH (one-way mode), LONG or SHORT.</summary>
    public string PositionSide { get; init; } = "BOTH";

    /// <summary>Futures only.</summary>
    public bool ReduceOnly { get; init; }

    /// <summary>
    /// A new order as both products book it: a MARKET order fills at once at the symbol's last price, a LIMIT order
    /// rests (<paramref name="status"/>, from its time in force) with nothing executed.
    /// </summary>
    public static StoredOrder Placed(Product product, long orderId, NewOrderInput input, decimal quantity, string status, long now)
    {
        var isMarket = input.Type == "MARKET";
        var executed = isMarket ? quantity : 0m;
        return new StoredOrder
        {
            Product = product,
            Symbol = input.Symbol.Symbol,
            OrderId = orderId,
            ClientOrderId = input.ClientOrderId,
            Side = input.Side,
            Type = input.Type,
            TimeInForce = input.TimeInForce ?? "GTC",
            Price = isMarket ? 0m : input.Price!.Value,
            OrigQty = quantity,
            ExecutedQty = executed,
            CumQuote = executed * input.Symbol.LastPrice,
            Status = isMarket ? "FILLED" : status,
            Time = now,
            UpdateTime = now,
        };
    }

    public bool IsOpen => Status is "NEW" or "PARTIALLY_FILLED";

    public decimal AveragePrice => ExecutedQty == 0m ? 0m : CumQuote / ExecutedQty;
}
