namespace Sidecar.Signing.Gate;

/// <summary>Gate API v4 (spot, margin, futures, delivery, options) with HMAC-SHA512 keys.</summary>
internal sealed class GateExchange : Exchange
{
    public override string Name => "Gate";

    public override IReadOnlyList<SigningScheme> Schemes { get; } = [new GateScheme()];

    public override EndpointTable Endpoints => GateEndpoints.Table;

    public override ServerTimeEndpoint ServerTime(string exchangeHost) => GateTime.Endpoint;

    public override string? ClientKeyHeader => GateScheme.ApiKeyHeader;

    public override RateLimitSet RateLimits(string exchangeHost) => GateRateLimits.Set;

    public override PermissionProbe Permissions { get; } =
        PermissionProbe.Unavailable("not available from the exchange: it has no endpoint that reports an API key's own permissions");

    public override OrderHistory OrderHistory { get; } = new GateOrderHistory();

    /// <summary>Gate's auth errors are labels, not codes; a 401 is reported as "401" by the caller.</summary>
    public override string? AuthFailureCode(int status, ReadOnlySpan<byte> body) => null;

    public override WebSocketAdapter WebSocket { get; } = new GateWebSocket();

    public override SampleRequest SampleOrder { get; } = SampleRequest.Json("POST", "/api/v4/spot/orders",
        """{"currency_pair":"BTC_USDT","side":"buy","amount":"0.01","price":"65000"}""", "api.gateio.ws");
}
