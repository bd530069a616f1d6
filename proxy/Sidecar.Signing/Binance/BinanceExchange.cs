namespace Sidecar.Signing.Binance;

/// <summary>Binance spot, USD-M and COIN-M futures; HMAC-SHA256 and Ed25519 keys.</summary>
internal sealed class BinanceExchange : Exchange
{
    public override string Name => "Binance";

    public override IReadOnlyList<SigningScheme> Schemes { get; } = [new BinanceHmacScheme(), new BinanceEd25519Scheme()];

    public override EndpointTable Endpoints => BinanceEndpoints.Table;

    public override ServerTimeEndpoint ServerTime(string exchangeHost) => BinanceTime.For(exchangeHost);

    public override string? ClientKeyHeader => BinanceScheme.ApiKeyHeader;

    public override RateLimitSet RateLimits(string exchangeHost) => BinanceRateLimits.For(exchangeHost);

    public override PermissionProbe Permissions { get; } = new BinancePermissions();

    public override OrderHistory OrderHistory { get; } = new BinanceOrderHistory();

    /// <summary>
    /// -1022 invalid signature, -2014 bad API-key format, -2015 invalid key, IP or permissions, -2008 invalid key id
    /// (Binance "Error codes"). Any other 401 is reported as "401" by the caller.
    /// </summary>
    public override string? AuthFailureCode(int status, ReadOnlySpan<byte> body) =>
        ErrorAnswer.CodeIn(body, "code", "-1022", "-2014", "-2015", "-2008");

    public override WebSocketAdapter WebSocket { get; } = new BinanceWebSocket();

    public override SampleRequest SampleOrder { get; } = SampleRequest.Form("POST", "/api/v3/order",
        "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=65000.5&recvWindow=5000", "api.binance.com");
}
