namespace Sidecar.Signing.Okx;

/// <summary>OKX V5 (spot, margin, derivatives) with HMAC keys and a passphrase.</summary>
internal sealed class OkxExchange : Exchange
{
    public override string Name => "OKX";

    public override IReadOnlyList<SigningScheme> Schemes { get; } = [new OkxScheme()];

    public override EndpointTable Endpoints => OkxEndpoints.Table;

    public override ServerTimeEndpoint ServerTime(string exchangeHost) => OkxTime.Endpoint;

    public override string? ClientKeyHeader => OkxScheme.ApiKeyHeader;

    public override RateLimitSet RateLimits(string exchangeHost) => OkxRateLimits.Set;

    public override PermissionProbe Permissions { get; } = new OkxPermissions();

    public override OrderHistory OrderHistory { get; } = new OkxOrderHistory();

    /// <summary>50111 invalid OK-ACCESS-KEY, 50113 invalid sign, 50105 wrong passphrase, 50110 IP not allowed (docs-v5 "Error Code").</summary>
    public override string? AuthFailureCode(int status, ReadOnlySpan<byte> body) =>
        ErrorAnswer.CodeIn(body, "code", "50111", "50113", "50105", "50110");

    public override WebSocketAdapter WebSocket { get; } = new OkxWebSocket();

    public override SampleRequest SampleOrder { get; } = SampleRequest.Json("POST", "/api/v5/trade/order",
        """{"instId":"BTC-USDT","tdMode":"cash","side":"buy","ordType":"limit","sz":"0.01","px":"65000"}""", "www.okx.com");
}
