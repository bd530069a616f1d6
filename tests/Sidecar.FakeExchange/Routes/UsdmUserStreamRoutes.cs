using Sidecar.FakeExchange.Binance;
using Sidecar.FakeExchange.Http;

namespace Sidecar.FakeExchange.Routes;

/// <summary>
/// USDⓈ-M listen key (USER_STREAM: API key, no signature). One key per account: POST returns the live key or opens
/// one, PUT keeps it alive and answers it (-1125 when there is none), DELETE closes it.
/// </summary>
internal sealed class UsdmUserStreamRoutes(ExchangeState state)
{
    private const string Path = "/fapi/v1/listenKey";

    private static readonly BinanceError NoListenKey =
        new(400, -1125, "This listenKey does not exist. Please use `POST /fapi/v1/listenKey` to recreate `listenKey`");

    public void Register(EndpointTable table) => table
        .Post(Path, EndpointSecurity.UserStream, _ => BinanceResponse.Ok(new JsonObject { ["listenKey"] = state.ListenKeys.OpenFutures() }))
        .Put(Path, EndpointSecurity.UserStream, _ => state.ListenKeys.KeepAliveFutures() is { } key
            ? BinanceResponse.Ok(new JsonObject { ["listenKey"] = key })
            : BinanceResponse.Error(NoListenKey))
        .Delete(Path, EndpointSecurity.UserStream, _ =>
        {
            state.ListenKeys.CloseFutures();
            return BinanceResponse.EmptyObject();
        });
}
