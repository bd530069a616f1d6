namespace Sidecar.FakeExchange.Binance.Limits;

/// <summary>
/// The weight of each endpoint the fake serves, from Binance's docs (rest-api.md "Weight:" lines, the USD-M and
/// COIN-M endpoint pages), written here independently of Sidecar's table: the fake counts what Binance would count.
/// Endpoints not listed weigh 1.
/// </summary>
internal static class RequestWeights
{
    public static int Of(string method, string path, Func<string, bool> has) => (method, path) switch
    {
        ("GET", "/api/v3/exchangeInfo") => 20,
        ("GET", "/api/v3/account") => 20,
        ("GET", "/api/v3/order") => 4,
        ("GET", "/api/v3/openOrders") => has("symbol") ? 6 : 80,
        ("GET", "/api/v3/allOrders") => 20,
        ("GET", "/api/v3/ticker/price") => has("symbol") ? 2 : 4,
        (_, "/api/v3/userDataStream") => 2,
        ("GET", "/fapi/v2/account" or "/fapi/v3/account" or "/fapi/v2/balance" or "/fapi/v3/balance") => 5,
        ("POST", "/fapi/v1/order") => 0,
        ("GET", "/fapi/v1/openOrders") => has("symbol") ? 1 : 40,
        ("GET", "/fapi/v1/allOrders") => 5,
        ("GET", "/fapi/v1/ticker/price" or "/fapi/v2/ticker/price") => has("symbol") ? 1 : 2,
        _ => 1,
    };

    /// <summary>Which IP weight limit a path counts against: spot <c>/api/</c>, futures <c>/fapi/</c> and <c>/dapi/</c>; none for the rest.</summary>
    public static WeightFamily? FamilyOf(string path) =>
        path.StartsWith("/api/", StringComparison.Ordinal) ? WeightFamily.Spot
        : path.StartsWith("/fapi/", StringComparison.Ordinal) || path.StartsWith("/dapi/", StringComparison.Ordinal) ? WeightFamily.Futures
        : null;
}

/// <summary>The fake's two IP weight limits: spot (api.binance.com) and futures (fapi/dapi).</summary>
public enum WeightFamily
{
    Spot,
    Futures,
}
