namespace Sidecar.Signing.Bitfinex;

/// <summary>Bitfinex REST v2 with HMAC-SHA384 keys and per-key nonces.</summary>
internal sealed class BitfinexExchange : Exchange
{
    public override string Name => "Bitfinex";

    public override IReadOnlyList<SigningScheme> Schemes { get; } = [new BitfinexScheme()];

    public override EndpointTable Endpoints => BitfinexEndpoints.Table;

    /// <summary>
    /// Bitfinex documents no time endpoint (its REST v2 public API has platform status, tickers, candles, but no
    /// server time; docs.bitfinex.com/docs/rest-public), so Bitfinex venues sign with the local clock. Its nonces are
    /// only required to increase, never compared with the exchange's clock.
    /// </summary>
    public override ServerTimeEndpoint? ServerTime(string exchangeHost) => null;

    public override string? ClientKeyHeader => BitfinexScheme.ApiKeyHeader;

    public override RateLimitSet RateLimits(string exchangeHost) => BitfinexRateLimits.Set;

    public override PermissionProbe Permissions { get; } = new BitfinexPermissions();

    public override OrderHistory OrderHistory { get; } = new BitfinexOrderHistory();

    /// <summary>Bitfinex answers errors as <c>["error", code, "message"]</c> arrays without a key-specific code; a 401 is reported as "401".</summary>
    public override string? AuthFailureCode(int status, ReadOnlySpan<byte> body) => null;

    public override WebSocketAdapter WebSocket { get; } = new BitfinexWebSocket();

    public override SampleRequest SampleOrder { get; } = SampleRequest.Json("POST", "/v2/auth/w/order/submit",
        """{"type":"EXCHANGE LIMIT","symbol":"tBTCUSD","price":"65000","amount":"0.01"}""", "api.bitfinex.com");
}
