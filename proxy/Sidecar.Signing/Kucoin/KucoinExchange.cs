namespace Sidecar.Signing.Kucoin;

/// <summary>KuCoin spot, margin, futures and unified account, with API key v2 or v3 and a passphrase.</summary>
internal sealed class KucoinExchange : Exchange
{
    public override string Name => "KuCoin";

    public override IReadOnlyList<SigningScheme> Schemes { get; } = [new KucoinScheme()];

    public override EndpointTable Endpoints => KucoinEndpoints.Table;

    public override ServerTimeEndpoint ServerTime(string exchangeHost) => KucoinTime.Endpoint;

    public override string? ClientKeyHeader => KucoinScheme.ApiKeyHeader;

    public override RateLimitSet RateLimits(string exchangeHost) => KucoinRateLimits.For(exchangeHost);

    public override PermissionProbe Permissions { get; } = new KucoinPermissions();

    public override OrderHistory OrderHistory { get; } = new KucoinOrderHistory();

    /// <summary>400003 key not exists, 400004 invalid passphrase, 400005 invalid signature, 400006 IP not allowed (KuCoin "Error Code").</summary>
    public override string? AuthFailureCode(int status, ReadOnlySpan<byte> body) =>
        ErrorAnswer.CodeIn(body, "code", "400003", "400004", "400005", "400006");

    public override WebSocketAdapter WebSocket { get; } = new KucoinWebSocket();

    public override SampleRequest SampleOrder { get; } = SampleRequest.Json("POST", "/api/v1/orders",
        """{"clientOid":"x-1","side":"buy","symbol":"BTC-USDT","type":"limit","price":"65000","size":"0.01"}""", "api.kucoin.com");
}
