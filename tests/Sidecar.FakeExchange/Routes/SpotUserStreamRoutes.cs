using Sidecar.FakeExchange.Binance;
using Sidecar.FakeExchange.Http;

namespace Sidecar.FakeExchange.Routes;

/// <summary>
/// Spot listen keys (USER_STREAM: API key, no signature): POST opens, PUT keeps alive, DELETE closes.
/// Binance retired these REST endpoints on 2026-02-20 in favour of the WebSocket API's userDataStream.subscribe;
/// the fake keeps them because clients (ccxt included) still have them.
/// </summary>
internal sealed class SpotUserStreamRoutes(ExchangeState state)
{
    private const string Path = "/api/v3/userDataStream";

    public void Register(EndpointTable table) => table
        .Post(Path, EndpointSecurity.UserStream, _ => BinanceResponse.Ok(new JsonObject { ["listenKey"] = state.ListenKeys.OpenSpot() }))
        .Put(Path, EndpointSecurity.UserStream, request => WithListenKey(request, state.ListenKeys.KeepAliveSpot))
        .Delete(Path, EndpointSecurity.UserStream, request => WithListenKey(request, state.ListenKeys.CloseSpot));

    private static BinanceResponse WithListenKey(BinanceRequest request, Func<string, bool> action)
    {
        if (!request.Parameters.TryGetRequired("listenKey", out var listenKey, out var error))
        {
            return BinanceResponse.Error(error!);
        }

        return action(listenKey) ? BinanceResponse.EmptyObject() : BinanceResponse.Error(BinanceErrors.InvalidListenKey);
    }
}
