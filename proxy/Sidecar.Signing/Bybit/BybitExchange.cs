namespace Sidecar.Signing.Bybit;

/// <summary>Bybit V5 (spot, derivatives, unified account) with system-generated HMAC keys.</summary>
internal sealed class BybitExchange : Exchange
{
    public override string Name => "Bybit";

    public override IReadOnlyList<SigningScheme> Schemes { get; } = [new BybitScheme()];

    public override EndpointTable Endpoints => BybitEndpoints.Table;

    public override ServerTimeEndpoint ServerTime(string exchangeHost) => BybitTime.Endpoint;

    public override string? ClientKeyHeader => BybitScheme.ApiKeyHeader;

    public override RateLimitSet RateLimits(string exchangeHost) => BybitRateLimits.Set;

    public override PermissionProbe Permissions { get; } = new BybitPermissions();

    public override OrderHistory OrderHistory { get; } = new BybitOrderHistory();

    /// <summary>retCode 10003 invalid key, 10004 invalid signature, 10005 permission denied, 10010 IP not allowed (V5 "Error Codes").</summary>
    public override string? AuthFailureCode(int status, ReadOnlySpan<byte> body) =>
        ErrorAnswer.CodeIn(body, "retCode", "10003", "10004", "10005", "10010");

    public override WebSocketAdapter WebSocket { get; } = new BybitWebSocket();

    public override SampleRequest SampleOrder { get; } = SampleRequest.Json("POST", "/v5/order/create",
        """{"category":"spot","symbol":"BTCUSDT","side":"Buy","orderType":"Limit","qty":"0.01","price":"65000"}""", "api.bybit.com");
}
