using Sidecar.FakeExchange.Accounts;
using Sidecar.FakeExchange.Binance;
using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Market;
using Sidecar.FakeExchange.Security;

namespace Sidecar.FakeExchange.Orders;

/// <summary>
/// POST /fapi/v1/order for LIMIT and MARKET orders in one-way mode (positionSide BOTH): PRICE_FILTER, LOT_SIZE,
/// MARKET_LOT_SIZE, MIN_NOTIONAL (unless reduceOnly), MAX_NUM_ORDERS and margin, with the USDⓈ-M error codes.
/// No matching engine: LIMIT GTC/GTX orders rest, IOC/FOK expire, MARKET orders fill at the fixed last price.
/// </summary>
internal sealed class FuturesOrderPlacement(OrderStore store, ServerClock clock)
{
    private static readonly HashSet<string> TimeInForceValues = ["GTC", "IOC", "FOK", "GTX"];

    private static readonly BinanceError PositionSideMismatch =
        new(400, -4061, "Order's position side does not match user's setting.");

    public (StoredOrder? Order, BinanceError? Error) Place(RequestParameters parameters)
    {
        var (input, error) = NewOrderReader.Read(parameters, MarketCatalog.UsdM, TimeInForceValues);
        if (input is null)
        {
            return (null, error);
        }

        if (input.Type == "MARKET" && input.Quantity is null)
        {
            return (null, BinanceErrors.MandatoryParameter("quantity"));
        }

        var positionSide = parameters.Get("positionSide") ?? "BOTH";
        if (positionSide != "BOTH")
        {
            return (null, PositionSideMismatch);
        }

        var reduceOnlyText = parameters.Get("reduceOnly") ?? "false";
        if (reduceOnlyText is not ("true" or "false"))
        {
            return (null, BinanceErrors.InvalidParameter("reduceOnly"));
        }

        if (parameters.Get("newOrderRespType") is { } responseType && responseType is not ("ACK" or "RESULT"))
        {
            return (null, BinanceErrors.InvalidParameter("newOrderRespType"));
        }

        var reduceOnly = reduceOnlyText == "true";
        var quantity = input.Quantity!.Value;
        var price = input.Type == "LIMIT" ? input.Price!.Value : input.Symbol.LastPrice;
        if (CheckFilters(input, quantity, price, reduceOnly) is { } filterError)
        {
            return (null, filterError);
        }

        var now = clock.NowMilliseconds;
        return store.TryPlace(
            Product.UsdM,
            open => Precheck(open, input, quantity, price),
            orderId => Create(orderId, input, quantity, reduceOnly, now));
    }

    /// <summary>
    /// <c>order.modify</c> (WebSocket API; REST <c>PUT /fapi/v1/order</c>): LIMIT orders only; symbol, side, quantity
    /// and price are mandatory, and orderId or origClientOrderId (orderId prevails). The new price and quantity must
    /// pass the filters and the margin check, otherwise the order stays as it is.
    /// </summary>
    public (StoredOrder? Order, BinanceError? Error) Modify(RequestParameters parameters)
    {
        if (!parameters.TryGetRequired("symbol", out var symbolName, out var error) ||
            !parameters.TryGetRequired("side", out var side, out error) ||
            !parameters.TryGetDecimal("quantity", required: true, out var quantity, out error) ||
            !parameters.TryGetDecimal("price", required: true, out var price, out error))
        {
            return (null, error);
        }

        if (!MarketCatalog.UsdM.TryGetValue(symbolName, out var symbol))
        {
            return (null, BinanceErrors.InvalidSymbol);
        }

        var (orderId, clientOrderId, referenceError) = NewOrderReader.ReadOrderReference(parameters);
        if (referenceError is not null)
        {
            return (null, referenceError);
        }

        var now = clock.NowMilliseconds;
        return store.Amend(Product.UsdM, symbol.Symbol, orderId, orderId is null ? clientOrderId : null, (order, otherOpen) =>
        {
            if (order.Type != "LIMIT")
            {
                return (null, BinanceErrors.InvalidOrderType);
            }

            if (side != order.Side)
            {
                return (null, BinanceErrors.InvalidSide);
            }

            var input = new NewOrderInput(symbol, side, order.Type, order.TimeInForce, quantity, price, order.ClientOrderId);
            if (CheckFilters(input, quantity!.Value, price!.Value, order.ReduceOnly) is { } filterError)
            {
                return (null, filterError);
            }

            return FuturesWallet.Available(otherOpen) < quantity.Value * price.Value / FuturesWallet.Leverage
                ? (null, BinanceErrors.Futures.MarginInsufficient)
                : (order with { Price = price.Value, OrigQty = quantity.Value, UpdateTime = now }, null);
        });
    }

    private static BinanceError? CheckFilters(NewOrderInput input, decimal quantity, decimal price, bool reduceOnly)
    {
        var symbol = input.Symbol;
        if (input.Type == "LIMIT")
        {
            var priceError = FilterRules.CheckPrice(symbol.Price, price) switch
            {
                FilterViolation.BelowMin => BinanceErrors.Futures.PriceBelowMin,
                FilterViolation.AboveMax => BinanceErrors.Futures.PriceAboveMax,
                FilterViolation.NotOnStep => BinanceErrors.Futures.PriceNotOnTick,
                _ => null,
            };
            if (priceError is not null)
            {
                return priceError;
            }
        }

        var lot = input.Type == "MARKET" ? symbol.MarketLot : symbol.Lot;
        var quantityError = FilterRules.CheckQuantity(lot, quantity) switch
        {
            FilterViolation.BelowMin => BinanceErrors.Futures.QuantityBelowMin,
            FilterViolation.AboveMax => BinanceErrors.Futures.QuantityAboveMax,
            FilterViolation.NotOnStep => BinanceErrors.Futures.QuantityNotOnStep,
            _ => null,
        };
        if (quantityError is not null)
        {
            return quantityError;
        }

        return !reduceOnly && price * quantity < symbol.MinNotional
            ? BinanceErrors.Futures.NotionalTooSmall(symbol.MinNotional)
            : null;
    }

    private static BinanceError? Precheck(IReadOnlyList<StoredOrder> open, NewOrderInput input, decimal quantity, decimal price)
    {
        if (open.Any(o => o.ClientOrderId == input.ClientOrderId))
        {
            return BinanceErrors.Futures.DuplicateClientOrderId;
        }

        if (input.Type == "LIMIT" && open.Count(o => o.Symbol == input.Symbol.Symbol) >= input.Symbol.MaxNumOrders)
        {
            return BinanceErrors.Futures.MaxOpenOrders;
        }

        return FuturesWallet.Available(open) < quantity * price / FuturesWallet.Leverage
            ? BinanceErrors.Futures.MarginInsufficient
            : null;
    }

    private static StoredOrder Create(long orderId, NewOrderInput input, decimal quantity, bool reduceOnly, long now) =>
        StoredOrder.Placed(Product.UsdM, orderId, input, quantity, input.TimeInForce is "GTC" or "GTX" ? "NEW" : "EXPIRED", now)
            with { PositionSide = "BOTH", ReduceOnly = reduceOnly };
}
