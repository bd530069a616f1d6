using Sidecar.FakeExchange.Accounts;
using Sidecar.FakeExchange.Binance;
using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Market;
using Sidecar.FakeExchange.Orders;

namespace Sidecar.FakeExchange.Routes;

/// <summary>Spot SIGNED endpoints (TRADE / USER_DATA): account, order (new, query, cancel), openOrders, allOrders.</summary>
internal sealed class SpotTradeRoutes(ExchangeState state)
{
    private readonly SpotOrderPlacement _placement = new(state.Orders, state.Clock);

    public void Register(EndpointTable table) => table
        .Get("/api/v3/account", EndpointSecurity.Signed, Account)
        .Post("/api/v3/order", EndpointSecurity.Signed, NewOrder)
        .Get("/api/v3/order", EndpointSecurity.Signed, QueryOrder)
        .Delete("/api/v3/order", EndpointSecurity.Signed, CancelOrder)
        .Get("/api/v3/openOrders", EndpointSecurity.Signed, OpenOrders)
        .Get("/api/v3/allOrders", EndpointSecurity.Signed, AllOrders);

    private BinanceResponse Account(BinanceRequest request)
    {
        var omitZero = request.Parameters.Get("omitZeroBalances");
        if (omitZero is not (null or "true" or "false"))
        {
            return BinanceResponse.Error(BinanceErrors.InvalidParameter("omitZeroBalances"));
        }

        var balances = SpotWallet.Balances(state.Orders.Open(Product.Spot, null))
            .Where(b => omitZero != "true" || b.Free + b.Locked != 0m);
        return BinanceResponse.Ok(SpotJson.Account(balances, state.Clock.NowMilliseconds));
    }

    private BinanceResponse NewOrder(BinanceRequest request)
    {
        var (order, responseType, error) = _placement.Place(request.Parameters);
        return order is null ? BinanceResponse.Error(error!) : BinanceResponse.Ok(SpotJson.NewOrder(order, responseType));
    }

    private BinanceResponse QueryOrder(BinanceRequest request)
    {
        if (!RouteHelpers.TryGetSymbol(request.Parameters, MarketCatalog.Spot, out var symbol, out var invalid))
        {
            return invalid!;
        }

        var (orderId, clientOrderId, error) = NewOrderReader.ReadOrderReference(request.Parameters);
        if (error is not null)
        {
            return BinanceResponse.Error(error);
        }

        var order = state.Orders.Find(Product.Spot, symbol.Symbol, orderId, clientOrderId);
        return order is null ? BinanceResponse.Error(BinanceErrors.OrderDoesNotExist) : BinanceResponse.Ok(SpotJson.Order(order));
    }

    private BinanceResponse CancelOrder(BinanceRequest request)
    {
        var parameters = request.Parameters;
        if (!RouteHelpers.TryGetSymbol(parameters, MarketCatalog.Spot, out var symbol, out var invalid))
        {
            return invalid!;
        }

        var (orderId, clientOrderId, error) = NewOrderReader.ReadOrderReference(parameters);
        if (error is not null)
        {
            return BinanceResponse.Error(error);
        }

        if (parameters.Get("cancelRestrictions") is { } restriction && restriction is not ("ONLY_NEW" or "ONLY_PARTIALLY_FILLED"))
        {
            return BinanceResponse.Error(new BinanceError(400, -1145, "Invalid cancelRestrictions"));
        }

        var canceled = state.Orders.Cancel(Product.Spot, symbol.Symbol, orderId, clientOrderId, state.Clock.NowMilliseconds);
        if (canceled is null)
        {
            return BinanceResponse.Error(BinanceErrors.UnknownOrderSent);
        }

        var cancelId = parameters.Get("newClientOrderId") is { Length: > 0 } given ? given : "cancel" + canceled.OrderId;
        return BinanceResponse.Ok(SpotJson.Canceled(canceled, cancelId));
    }

    private BinanceResponse OpenOrders(BinanceRequest request) =>
        RouteHelpers.TryGetOptionalSymbol(request.Parameters, MarketCatalog.Spot, out var symbol, out var invalid)
            ? BinanceResponse.Ok(SpotJson.Orders(state.Orders.Open(Product.Spot, symbol)))
            : invalid!;

    /// <summary>A symbol's orders, from <c>startTime</c> when given (Binance's "All orders" filter on the order's time).</summary>
    private BinanceResponse AllOrders(BinanceRequest request)
    {
        if (!RouteHelpers.TryGetSymbol(request.Parameters, MarketCatalog.Spot, out var symbol, out var invalid))
        {
            return invalid!;
        }

        var startTime = request.Parameters.Get("startTime") is { } start && long.TryParse(start, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var from)
            ? from
            : long.MinValue;
        return BinanceResponse.Ok(SpotJson.Orders(state.Orders.All(Product.Spot, symbol.Symbol).Where(o => o.Time >= startTime)));
    }
}
