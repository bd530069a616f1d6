using Sidecar.FakeExchange.Binance;
using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Market;
using Sidecar.FakeExchange.Orders;

namespace Sidecar.FakeExchange.Routes;

/// <summary>USDⓈ-M SIGNED endpoints: account (v2, v3), balance (v2, v3), order (new, query, cancel), openOrders, allOrders.</summary>
internal sealed class UsdmTradeRoutes(ExchangeState state)
{
    private readonly FuturesOrderPlacement _placement = new(state.Orders, state.Clock);

    public void Register(EndpointTable table) => table
        .Get("/fapi/v2/account", EndpointSecurity.Signed, _ => Account(v2: true))
        .Get("/fapi/v3/account", EndpointSecurity.Signed, _ => Account(v2: false))
        .Get("/fapi/v2/balance", EndpointSecurity.Signed, _ => Balance())
        .Get("/fapi/v3/balance", EndpointSecurity.Signed, _ => Balance())
        .Post("/fapi/v1/order", EndpointSecurity.Signed, NewOrder)
        .Get("/fapi/v1/order", EndpointSecurity.Signed, QueryOrder)
        .Delete("/fapi/v1/order", EndpointSecurity.Signed, CancelOrder)
        .Get("/fapi/v1/openOrders", EndpointSecurity.Signed, OpenOrders)
        .Get("/fapi/v1/allOrders", EndpointSecurity.Signed, AllOrders);

    private BinanceResponse Account(bool v2) =>
        BinanceResponse.Ok(UsdmJson.Account(state.Orders.Open(Product.UsdM, null), state.Clock.NowMilliseconds, v2));

    private BinanceResponse Balance() =>
        BinanceResponse.Ok(UsdmJson.Balance(state.Orders.Open(Product.UsdM, null), state.Clock.NowMilliseconds));

    private BinanceResponse NewOrder(BinanceRequest request)
    {
        var (order, error) = _placement.Place(request.Parameters);
        return order is null ? BinanceResponse.Error(error!) : BinanceResponse.Ok(UsdmJson.Order(order));
    }

    private BinanceResponse QueryOrder(BinanceRequest request) => WithOrderReference(request, (symbol, orderId, clientOrderId) =>
    {
        var order = state.Orders.Find(Product.UsdM, symbol, orderId, clientOrderId);
        return order is null ? BinanceResponse.Error(BinanceErrors.OrderDoesNotExist) : BinanceResponse.Ok(UsdmJson.Order(order));
    });

    private BinanceResponse CancelOrder(BinanceRequest request) => WithOrderReference(request, (symbol, orderId, clientOrderId) =>
    {
        var order = state.Orders.Cancel(Product.UsdM, symbol, orderId, clientOrderId, state.Clock.NowMilliseconds);
        return order is null ? BinanceResponse.Error(BinanceErrors.UnknownOrderSent) : BinanceResponse.Ok(UsdmJson.Order(order));
    });

    private BinanceResponse OpenOrders(BinanceRequest request) =>
        RouteHelpers.TryGetOptionalSymbol(request.Parameters, MarketCatalog.UsdM, out var symbol, out var invalid)
            ? BinanceResponse.Ok(UsdmJson.Orders(state.Orders.Open(Product.UsdM, symbol)))
            : invalid!;

    private BinanceResponse AllOrders(BinanceRequest request) =>
        RouteHelpers.TryGetSymbol(request.Parameters, MarketCatalog.UsdM, out var symbol, out var invalid)
            ? BinanceResponse.Ok(UsdmJson.Orders(state.Orders.All(Product.UsdM, symbol.Symbol)))
            : invalid!;

    private static BinanceResponse WithOrderReference(BinanceRequest request, Func<string, long?, string?, BinanceResponse> action)
    {
        if (!RouteHelpers.TryGetSymbol(request.Parameters, MarketCatalog.UsdM, out var symbol, out var invalid))
        {
            return invalid!;
        }

        var (orderId, clientOrderId, error) = NewOrderReader.ReadOrderReference(request.Parameters);
        return error is not null ? BinanceResponse.Error(error) : action(symbol.Symbol, orderId, clientOrderId);
    }
}
