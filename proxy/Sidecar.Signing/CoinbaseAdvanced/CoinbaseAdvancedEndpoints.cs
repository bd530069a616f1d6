namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>
/// Coinbase Advanced Trade (api.coinbase.com): the "Public" market endpoints (<c>/api/v3/brokerage/market/…</c>,
/// <c>/api/v3/brokerage/time</c>) and the Coinbase App data endpoints that need no key (currencies, exchange rates,
/// prices, time under <c>/v2</c>) are public; every other v3 brokerage and v2 endpoint needs the per-request JWT.
/// Unknown paths get a JWT: Coinbase ignores one it does not need, never the other way round.
/// </summary>
internal static class CoinbaseAdvancedEndpoints
{
    public static readonly PathTable Public = new(
        [
            "/api/v3/brokerage/time",
            "/v2/currencies", "/v2/currencies/crypto", "/v2/exchange-rates", "/v2/time",
        ],
        ["/api/v3/brokerage/market/", "/v2/prices/"]);

    public static EndpointAccess Classify(ReadOnlySpan<byte> path) =>
        Public.Matches(path) ? EndpointAccess.Public : EndpointAccess.Signed;
}
