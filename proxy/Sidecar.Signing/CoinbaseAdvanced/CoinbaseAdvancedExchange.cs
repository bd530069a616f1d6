namespace Sidecar.Signing.CoinbaseAdvanced;

/// <summary>Coinbase Advanced Trade (and the Coinbase App v2 endpoints ccxt uses) with CDP ECDSA keys: ES256 JWTs.</summary>
internal sealed class CoinbaseAdvancedExchange : Exchange
{
    public override string Name => "Coinbase Advanced";

    public override IReadOnlyList<SigningScheme> Schemes { get; } = [new CoinbaseAdvancedScheme()];

    public override EndpointTable Endpoints => CoinbaseAdvancedEndpoints.Table;

    public override ServerTimeEndpoint ServerTime(string exchangeHost) => CoinbaseAdvancedTime.Endpoint;

    // null: the key name travels inside the ES256 JWT the bot signs (Authorization: Bearer), in no header of its own.
    public override string? ClientKeyHeader => null;

    public override RateLimitSet RateLimits(string exchangeHost) => CoinbaseAdvancedRateLimits.Set;

    public override PermissionProbe Permissions { get; } = new CoinbaseAdvancedPermissions();

    public override OrderHistory OrderHistory { get; } = new CoinbaseAdvancedOrderHistory();

    /// <summary>Coinbase answers a bad key or JWT with HTTP 401, reported as "401" by the caller.</summary>
    public override string? AuthFailureCode(int status, ReadOnlySpan<byte> body) => null;

    public override WebSocketAdapter WebSocket { get; } = new CoinbaseAdvancedWebSocket();

    public override SampleRequest SampleOrder { get; } = SampleRequest.Json("POST", "/api/v3/brokerage/orders",
        """{"client_order_id":"x-1","product_id":"BTC-USD","side":"BUY","order_configuration":{"limit_limit_gtc":{"base_size":"0.01","limit_price":"65000"}}}""",
        "api.coinbase.com") with { ApiKey = "organizations/org-id/apiKeys/key-id" };
}
