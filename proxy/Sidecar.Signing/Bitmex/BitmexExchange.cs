namespace Sidecar.Signing.Bitmex;

/// <summary>
/// BitMEX REST v1 with HMAC-SHA256 keys. REST only: ccxt has no BitMEX class, and BitMEX announced its closure for
/// 2026-09-23.
/// </summary>
internal sealed class BitmexExchange : Exchange
{
    public override string Name => "BitMEX";

    public override IReadOnlyList<SigningScheme> Schemes { get; } = [new BitmexScheme()];

    public override EndpointTable Endpoints => BitmexEndpoints.Table;

    /// <summary>
    /// BitMEX documents no time endpoint (its API explorer lists none; bitmex.com/app/restAPI), so BitMEX venues
    /// sign with the local clock: <c>api-expires</c> is set 30 s ahead, which absorbs ordinary skew.
    /// </summary>
    public override ServerTimeEndpoint? ServerTime(string exchangeHost) => null;

    public override string? ClientKeyHeader => BitmexScheme.ApiKeyHeader;

    // GET /api/v1/apiKey lists every key of the account, not only this one (its APIKey model has a secret field),
    // and the table keeps it under API-key management so nothing reads other keys through Sidecar.
    public override RateLimitSet RateLimits(string exchangeHost) => BitmexRateLimits.Set;

    public override PermissionProbe Permissions { get; } = PermissionProbe.Unavailable(
        "not checked: BitMEX reports permissions only through GET /api/v1/apiKey, a listing of all the account's keys that Sidecar's catalog refuses as API-key management");

    public override OrderHistory OrderHistory { get; } = new BitmexOrderHistory();

    /// <summary>BitMEX answers a bad key or signature with HTTP 401, reported as "401" by the caller.</summary>
    public override string? AuthFailureCode(int status, ReadOnlySpan<byte> body) => null;

    public override WebSocketAdapter WebSocket { get; } = WebSocketAdapter.Unsupported(
        "BitMEX is REST only in Sidecar: ccxt has no BitMEX class, and BitMEX announced its closure for 2026-09-23");

    public override SampleRequest SampleOrder { get; } = SampleRequest.Json("POST", "/api/v1/order",
        """{"symbol":"XBTUSD","price":65000,"orderQty":10}""", "www.bitmex.com");
}
