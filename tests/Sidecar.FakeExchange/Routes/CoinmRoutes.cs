using Sidecar.FakeExchange.Http;
using Sidecar.FakeExchange.Market;

namespace Sidecar.FakeExchange.Routes;

/// <summary>COIN-M (dapi.binance.com paths) public endpoints only, so that a ccxt loadMarkets() that still asks for
/// inverse markets succeeds. The fake lists no COIN-M symbols.</summary>
internal sealed class CoinmRoutes(ExchangeState state)
{
    public void Register(EndpointTable table) => table
        .Get("/dapi/v1/ping", EndpointSecurity.None, _ => BinanceResponse.EmptyObject())
        .Get("/dapi/v1/time", EndpointSecurity.None, _ => BinanceResponse.Ok(new JsonObject { ["serverTime"] = state.Clock.NowMilliseconds }))
        .Get("/dapi/v1/exchangeInfo", EndpointSecurity.None, _ =>
            BinanceResponse.Ok(UsdmJson.ExchangeInfo(Array.Empty<SymbolSpec>(), state.Clock.NowMilliseconds, "COIN_MARGINED", state.Limits.FuturesLimit)));
}
