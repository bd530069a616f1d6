namespace Sidecar.Signing.Kraken;

/// <summary>Kraken Spot REST with HMAC-SHA512 keys and per-key nonces, and Spot WebSocket v2 with REST-minted tokens.</summary>
internal sealed class KrakenExchange : Exchange
{
    public override string Name => "Kraken";

    public override IReadOnlyList<SigningScheme> Schemes { get; } = [new KrakenScheme()];

    public override EndpointTable Endpoints => KrakenEndpoints.Table;

    public override ServerTimeEndpoint ServerTime(string exchangeHost) => KrakenTime.Endpoint;

    public override string? ClientKeyHeader => KrakenScheme.ApiKeyHeader;

    public override RateLimitSet RateLimits(string exchangeHost) => KrakenRateLimits.Set;

    public override PermissionProbe Permissions { get; } = new KrakenPermissions();

    public override OrderHistory OrderHistory { get; } = new KrakenOrderHistory();

    /// <summary>Kraken answers HTTP 200 with an <c>error</c> array; these entries mean the key, signature or nonce was refused.</summary>
    public override string? AuthFailureCode(int status, ReadOnlySpan<byte> body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body);
        foreach (var known in (ReadOnlySpan<string>)["EAPI:Invalid signature", "EAPI:Invalid key", "EAPI:Invalid nonce"])
        {
            if (text.Contains(known, StringComparison.Ordinal))
            {
                return known;
            }
        }

        return null;
    }

    public override WebSocketAdapter WebSocket { get; } = new KrakenWebSocket();

    public override SampleRequest SampleOrder { get; } = SampleRequest.Form("POST", "/0/private/AddOrder",
        "ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25", "api.kraken.com");
}
