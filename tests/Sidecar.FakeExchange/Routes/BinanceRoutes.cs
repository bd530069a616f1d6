using Sidecar.FakeExchange.Http;

namespace Sidecar.FakeExchange.Routes;

/// <summary>Every endpoint the fake serves, spot and derivatives alike, on one server.</summary>
internal static class BinanceRoutes
{
    public static EndpointTable Build(ExchangeState state)
    {
        var table = new EndpointTable();
        new SpotMarketRoutes(state).Register(table);
        new SpotTradeRoutes(state).Register(table);
        new SpotUserStreamRoutes(state).Register(table);
        SapiRoutes.Register(table, state);
        new UsdmMarketRoutes(state).Register(table);
        new UsdmTradeRoutes(state).Register(table);
        new UsdmUserStreamRoutes(state).Register(table);
        new CoinmRoutes(state).Register(table);
        return table;
    }
}
