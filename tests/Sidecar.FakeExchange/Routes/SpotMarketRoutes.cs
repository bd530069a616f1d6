using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Market;

namespace Sidecar.FakeExchange.Routes;

/// <summary>Spot public endpoints (security NONE): ping, time, exchangeInfo, ticker/price.</summary>
internal sealed class SpotMarketRoutes(ExchangeState state)
{
    public void Register(EndpointTable table) => table
        .Get("/api/v3/ping", EndpointSecurity.None, _ => BinanceResponse.EmptyObject())
        .Get("/api/v3/time", EndpointSecurity.None, _ => BinanceResponse.Ok(new JsonObject { ["serverTime"] = state.Clock.NowMilliseconds }))
        .Get("/api/v3/exchangeInfo", EndpointSecurity.None, ExchangeInfo)
        .Get("/api/v3/ticker/price", EndpointSecurity.None, TickerPrice);

    private BinanceResponse ExchangeInfo(BinanceRequest request)
    {
        var (symbols, _, error) = SymbolSelection.Select(request.Parameters, MarketCatalog.Spot);
        return symbols is null
            ? BinanceResponse.Error(error!)
            : BinanceResponse.Ok(SpotJson.ExchangeInfo(symbols, state.Clock.NowMilliseconds, state.Limits.SpotLimit));
    }

    private static BinanceResponse TickerPrice(BinanceRequest request)
    {
        var (symbols, single, error) = SymbolSelection.Select(request.Parameters, MarketCatalog.Spot);
        if (symbols is null)
        {
            return BinanceResponse.Error(error!);
        }

        return single
            ? BinanceResponse.Ok(SpotJson.Price(symbols[0]))
            : BinanceResponse.Ok(new JsonArray(symbols.Select(s => (JsonNode?)SpotJson.Price(s)).ToArray()));
    }
}
