namespace Sidecar.Signing.CoinbaseExchange;

/// <summary>Coinbase Exchange (formerly Coinbase Pro) with HMAC keys and a passphrase.</summary>
internal sealed class CoinbaseExchangeExchange : Exchange
{
    public override string Name => "Coinbase Exchange";

    public override IReadOnlyList<SigningScheme> Schemes { get; } = [new CoinbaseExchangeScheme()];

    public override EndpointTable Endpoints => CoinbaseExchangeEndpoints.Table;

    public override ServerTimeEndpoint ServerTime(string exchangeHost) => CoinbaseExchangeTime.Endpoint;

    public override string? ClientKeyHeader => CoinbaseExchangeScheme.ApiKeyHeader;

    public override RateLimitSet RateLimits(string exchangeHost) => CoinbaseExchangeRateLimits.Set;

    public override PermissionProbe Permissions { get; } =
        PermissionProbe.Unavailable("not available from the exchange: it has no endpoint that reports an API key's own permissions");

    public override OrderHistory OrderHistory { get; } = new CoinbaseExchangeOrderHistory();

    /// <summary>Coinbase Exchange answers a bad key, passphrase or signature with HTTP 401, reported as "401" by the caller.</summary>
    public override string? AuthFailureCode(int status, ReadOnlySpan<byte> body) => null;

    public override WebSocketAdapter WebSocket { get; } = new CoinbaseExchangeWebSocket();

    public override SampleRequest SampleOrder { get; } = SampleRequest.Json("POST", "/orders",
        """{"product_id":"BTC-USD","side":"buy","price":"65000","size":"0.01"}""", "api.exchange.coinbase.com");
}
