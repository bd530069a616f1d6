namespace Sidecar.Signing.Bitmex;

/// <summary>
/// BitMEX REST (www.bitmex.com/api/v1, "REST API Explorer"): market data (instruments, order book, trades, quotes,
/// funding, settlements, insurance, stats, announcements, the schema, wallet assets/networks) is readable without a
/// key — for GET only. Every other method or path (orders, positions, user, wallet, execution, chat posts …) is
/// signed; unknown paths too.
/// </summary>
internal static class BitmexEndpoints
{
    public static readonly PathTable PublicGet = new(
        [
            "/api/v1/announcement", "/api/v1/chat", "/api/v1/chat/channels", "/api/v1/chat/connected",
            "/api/v1/funding", "/api/v1/insurance", "/api/v1/instrument", "/api/v1/instrument/active",
            "/api/v1/instrument/activeAndIndices", "/api/v1/instrument/activeIntervals",
            "/api/v1/instrument/compositeIndex", "/api/v1/instrument/indices", "/api/v1/instrument/usdVolume",
            "/api/v1/leaderboard", "/api/v1/liquidation", "/api/v1/orderBook/L2", "/api/v1/quote",
            "/api/v1/quote/bucketed", "/api/v1/schema", "/api/v1/schema/websocketHelp", "/api/v1/settlement",
            "/api/v1/stats", "/api/v1/stats/history", "/api/v1/stats/historyUSD", "/api/v1/trade",
            "/api/v1/trade/bucketed", "/api/v1/wallet/assets", "/api/v1/wallet/networks",
        ]);

    public static EndpointAccess Classify(string method, ReadOnlySpan<byte> path) =>
        method == "GET" && PublicGet.Matches(path) ? EndpointAccess.Public : EndpointAccess.Signed;
}
