namespace Sidecar.Signing.Bitfinex;

/// <summary>
/// Bitfinex API v2 (docs.bitfinex.com, "REST Public Endpoints" / "REST Authenticated Endpoints"): authenticated
/// endpoints are <c>POST /v2/auth/…</c> on api.bitfinex.com; the public ones (served by api-pub.bitfinex.com and
/// api.bitfinex.com) are listed below, with the legacy v1 public market data ccxt still reads. Anything else is
/// treated as signed: the safe default is a signature the exchange ignores, never a private call forwarded unsigned.
/// </summary>
internal static class BitfinexEndpoints
{
    public static readonly PathTable Public = new(
        [
            "/v2/platform/status", "/v2/tickers", "/v2/tickers/hist", "/v2/liquidations/hist", "/v2/pulse/hist",
            "/v2/calc/trade/avg", "/v2/calc/fx",
            // v1 public market data (api.bitfinex.com/v1).
            "/v1/symbols", "/v1/symbols_details",
        ],
        [
            "/v2/ticker/", "/v2/trades/", "/v2/book/", "/v2/stats1/", "/v2/candles/", "/v2/conf/", "/v2/status/",
            "/v2/rankings/", "/v2/pulse/profile/", "/v2/funding/stats/",
            "/v1/pubticker/", "/v1/stats/", "/v1/lendbook/", "/v1/book/", "/v1/trades/", "/v1/lends/",
        ]);

    public static EndpointAccess Classify(ReadOnlySpan<byte> path) =>
        Public.Matches(path) ? EndpointAccess.Public : EndpointAccess.Signed;
}
