using System.Text.Json.Nodes;
using Sidecar.FakeExchange.Http;

namespace Sidecar.FakeExchange.Routes;

/// <summary>The wallet endpoint ccxt's fetchCurrencies calls (SIGNED, USER_DATA). The fake has no coin metadata: [].</summary>
internal static class SapiRoutes
{
    public static void Register(EndpointTable table) => table
        .Get("/sapi/v1/capital/config/getall", EndpointSecurity.Signed, _ => BinanceResponse.Ok(new JsonArray()));
}
