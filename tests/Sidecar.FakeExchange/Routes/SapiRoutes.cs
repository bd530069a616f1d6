using Sidecar.FakeExchange.Http;

namespace Sidecar.FakeExchange.Routes;

/// <summary>
/// Wallet endpoints (SIGNED, USER_DATA): the one ccxt's fetchCurrencies calls (the fake has no coin metadata: [])
/// and "Get API Key Permission" (<c>GET /sapi/v1/account/apiRestrictions</c>), answering the fields Binance's
/// docs list, from the configured permissions.
/// </summary>
internal static class SapiRoutes
{
    public static void Register(EndpointTable table, ExchangeState state) => table
        .Get("/sapi/v1/capital/config/getall", EndpointSecurity.Signed, _ => BinanceResponse.Ok(new JsonArray()))
        .Get("/sapi/v1/account/apiRestrictions", EndpointSecurity.Signed, _ => BinanceResponse.Ok(new JsonObject
        {
            ["ipRestrict"] = state.KeyPermissions.IpRestricted,
            ["createTime"] = 1698645219000,
            ["enableReading"] = true,
            ["enableWithdrawals"] = state.KeyPermissions.Withdrawals,
            ["enableInternalTransfer"] = state.KeyPermissions.Transfers,
            ["enableMargin"] = false,
            ["enableFutures"] = true,
            ["permitsUniversalTransfer"] = state.KeyPermissions.Transfers,
            ["enableVanillaOptions"] = false,
            ["enableFixApiTrade"] = false,
            ["enableFixReadOnly"] = false,
            ["enableSpotAndMarginTrading"] = true,
            ["enablePortfolioMarginTrading"] = false,
        }));
}
