namespace Sidecar.FakeExchange.Market;

/// <summary>Which rule of a PRICE_FILTER or LOT_SIZE a value breaks.</summary>
internal enum FilterViolation
{
    None,
    BelowMin,
    AboveMax,
    NotOnStep,
}

/// <summary>Binance's filter rules ("(price - minPrice) % tickSize == 0" etc.); a zero parameter disables its rule.</summary>
internal static class FilterRules
{
    public static FilterViolation CheckPrice(PriceFilter filter, decimal price) =>
        Check(price, filter.MinPrice, filter.MaxPrice, filter.TickSize);

    public static FilterViolation CheckQuantity(LotSize filter, decimal quantity) =>
        Check(quantity, filter.MinQty, filter.MaxQty, filter.StepSize);

    private static FilterViolation Check(decimal value, decimal min, decimal max, decimal step)
    {
        if (value <= 0m || (min > 0m && value < min))
        {
            return FilterViolation.BelowMin;
        }

        if (max > 0m && value > max)
        {
            return FilterViolation.AboveMax;
        }

        return step > 0m && (value - min) % step != 0m ? FilterViolation.NotOnStep : FilterViolation.None;
    }
}
