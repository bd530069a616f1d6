using Sidecar.FakeExchange.Binance;
using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Market;

namespace Sidecar.FakeExchange.Routes;

/// <summary>USDⓈ-M public endpoints (fapi.binance.com paths): ping, time, exchangeInfo, ticker/price (v1 and v2).</summary>
internal sealed class UsdmMarketRoutes(ExchangeState state)
{
    public void Register(EndpointTable table) => table
        .Get("/fapi/v1/ping", EndpointSecurity.None, _ => BinanceResponse.EmptyObject())
        .Get("/fapi/v1/time", EndpointSecurity.None, _ => BinanceResponse.Ok(new JsonObject { ["serverTime"] = state.Clock.NowMilliseconds }))
        .Get("/fapi/v1/exchangeInfo", EndpointSecurity.None, _ =>
            BinanceResponse.Ok(UsdmJson.ExchangeInfo(MarketCatalog.UsdM.Values, state.Clock.NowMilliseconds, "U_MARGINED", state.Limits.FuturesLimit)))
        .Get("/fapi/v1/ticker/price", EndpointSecurity.None, TickerPrice)
        .Get("/fapi/v2/ticker/price", EndpointSecurity.None, TickerPrice);

    private BinanceResponse TickerPrice(BinanceRequest request)
    {
        var now = state.Clock.NowMilliseconds;
        var symbol = request.Parameters.Get("symbol");
        if (symbol is null)
        {
            return BinanceResponse.Ok(new JsonArray(MarketCatalog.UsdM.Values.Select(s => (JsonNode?)UsdmJson.Price(s, now)).ToArray()));
        }

        return MarketCatalog.UsdM.TryGetValue(symbol, out var spec)
            ? BinanceResponse.Ok(UsdmJson.Price(spec, now))
            : BinanceResponse.Error(BinanceErrors.InvalidSymbol);
    }
}
