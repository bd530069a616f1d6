using Sidecar.FakeExchange.Accounts;
using Sidecar.FakeExchange.Binance;
using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Market;
using Sidecar.FakeExchange.Security;

namespace Sidecar.FakeExchange.Orders;

/// <summary>
/// POST /api/v3/order for LIMIT and MARKET orders: the docs' mandatory parameters per type, PRICE_FILTER, LOT_SIZE,
/// MARKET_LOT_SIZE, NOTIONAL and MAX_NUM_ORDERS filters (-1013), duplicate client ids and balance (-2010).
/// No matching engine: LIMIT GTC orders rest, LIMIT IOC/FOK expire, MARKET orders fill at the fixed last price.
/// </summary>
internal sealed class SpotOrderPlacement(OrderStore store, ServerClock clock)
{
    private static readonly HashSet<string> TimeInForceValues = ["GTC", "IOC", "FOK"];

    public (StoredOrder? Order, string ResponseType, BinanceError? Error) Place(RequestParameters parameters)
    {
        var (plan, responseType, error) = Prepare(parameters);
        if (plan is null)
        {
            return (null, responseType, error);
        }

        var now = clock.NowMilliseconds;
        var (order, placeError) = store.TryPlace(
            Product.Spot,
            open => Precheck(open, plan),
            orderId => Create(orderId, plan, now));
        return (order, responseType, placeError);
    }

    /// <summary>What the WebSocket API's <c>order.test</c> does: every check <see cref="Place"/> makes, against the open
    /// orders of now, without placing anything. Null when the order would be accepted.</summary>
    public BinanceError? Test(RequestParameters parameters)
    {
        var (plan, _, error) = Prepare(parameters);
        return plan is null ? error : Precheck(store.Open(Product.Spot, null), plan);
    }

    private static (OrderPlan? Plan, string ResponseType, BinanceError? Error) Prepare(RequestParameters parameters)
    {
        var (input, error) = NewOrderReader.Read(parameters, MarketCatalog.Spot, TimeInForceValues);
        if (input is null)
        {
            return (null, string.Empty, error);
        }

        var responseType = parameters.Get("newOrderRespType") ?? "FULL";
        if (responseType is not ("ACK" or "RESULT" or "FULL"))
        {
            return (null, responseType, BinanceErrors.InvalidParameter("newOrderRespType"));
        }

        if (!parameters.TryGetDecimal("quoteOrderQty", required: false, out var quoteOrderQty, out error))
        {
            return (null, responseType, error);
        }

        var (quantity, quantityError) = ResolveQuantity(input, quoteOrderQty);
        if (quantityError is not null)
        {
            return (null, responseType, quantityError);
        }

        var price = input.Type == "LIMIT" ? input.Price!.Value : input.Symbol.LastPrice;
        return CheckFilters(input, quantity, price) is { } filterError
            ? (null, responseType, filterError)
            : (new OrderPlan(input, quantity, price, quoteOrderQty ?? 0m), responseType, null);
    }

    private static (decimal Quantity, BinanceError? Error) ResolveQuantity(NewOrderInput input, decimal? quoteOrderQty)
    {
        if (input.Type == "LIMIT")
        {
            return quoteOrderQty is null ? (input.Quantity!.Value, null) : (0m, BinanceErrors.NotRequired("quoteOrderQty"));
        }

        return (input.Quantity, quoteOrderQty) switch
        {
            (null, null) => (0m, BinanceErrors.EitherParameter("quantity", "quoteOrderQty")),
            ({ }, { }) => (0m, BinanceErrors.NotRequired("quoteOrderQty")),
            ({ } quantity, null) => (quantity, null),
            (null, { } quote) => (RoundDown(quote / input.Symbol.LastPrice, input.Symbol.Lot.StepSize), null),
        };
    }

    private static BinanceError? CheckFilters(NewOrderInput input, decimal quantity, decimal price)
    {
        var symbol = input.Symbol;
        if (input.Type == "LIMIT" && FilterRules.CheckPrice(symbol.Price, price) != FilterViolation.None)
        {
            return BinanceErrors.SpotFilterFailure("PRICE_FILTER");
        }

        if (FilterRules.CheckQuantity(symbol.Lot, quantity) != FilterViolation.None)
        {
            return BinanceErrors.SpotFilterFailure("LOT_SIZE");
        }

        if (input.Type == "MARKET" && FilterRules.CheckQuantity(symbol.MarketLot, quantity) != FilterViolation.None)
        {
            return BinanceErrors.SpotFilterFailure("MARKET_LOT_SIZE");
        }

        return price * quantity < symbol.MinNotional ? BinanceErrors.SpotFilterFailure("NOTIONAL") : null;
    }

    private static BinanceError? Precheck(IReadOnlyList<StoredOrder> open, OrderPlan plan)
    {
        var (input, quantity, price, _) = plan;
        if (open.Any(o => o.ClientOrderId == input.ClientOrderId))
        {
            return BinanceErrors.SpotOrderRejected("Duplicate order sent.");
        }

        if (input.Type == "LIMIT" && open.Count(o => o.Symbol == input.Symbol.Symbol) >= input.Symbol.MaxNumOrders)
        {
            return BinanceErrors.SpotFilterFailure("MAX_NUM_ORDERS");
        }

        var (asset, needed) = input.Side == "BUY"
            ? (input.Symbol.QuoteAsset, quantity * price)
            : (input.Symbol.BaseAsset, quantity);
        return SpotWallet.Free(asset, open) < needed
            ? BinanceErrors.SpotOrderRejected("Account has insufficient balance for requested action.")
            : null;
    }

    private static StoredOrder Create(long orderId, OrderPlan plan, long now)
    {
        var (input, quantity, _, quoteOrderQty) = plan;
        return StoredOrder.Placed(Product.Spot, orderId, input, quantity, input.TimeInForce == "GTC" ? "NEW" : "EXPIRED", now)
            with { OrigQuoteOrderQty = quoteOrderQty };
    }

    /// <summary>An order that passed every check that does not depend on the book: what to place, at what price.</summary>
    private sealed record OrderPlan(NewOrderInput Input, decimal Quantity, decimal Price, decimal QuoteOrderQty);

    private static decimal RoundDown(decimal value, decimal step) => step <= 0m ? value : decimal.Floor(value / step) * step;
}
