namespace Sidecar.Signing.Deribit;

/// <summary>Deribit API v2 (JSON-RPC over HTTP) with HMAC client credentials.</summary>
internal sealed class DeribitExchange : Exchange
{
    public override string Name => "Deribit";

    public override IReadOnlyList<SigningScheme> Schemes { get; } = [new DeribitScheme()];

    public override EndpointTable Endpoints => DeribitEndpoints.Table;

    public override ServerTimeEndpoint ServerTime(string exchangeHost) => DeribitTime.Endpoint;

    // null: the client id travels inside the Authorization value (deri-hmac-sha256 id=…,ts=…), in no header of its own.
    public override string? ClientKeyHeader => null;

    // private/list_api_keys (scope account:read) is the only method that reports a key's max_scope, and it lists
    // every key of the account; the docs' example answer carries each key's client_secret, so the table files it
    // under API-key management. Requests signed with deri-hmac-sha256 carry no session, so no answer reports the
    // scope of the key in hand; public/auth would, but it opens a token session with a different signature.
    public override RateLimitSet RateLimits(string exchangeHost) => DeribitRateLimits.Set;

    public override PermissionProbe Permissions { get; } = PermissionProbe.Unavailable(
        "not checked: Deribit reports a key's scope only through private/list_api_keys, which lists every key of the account with its secret and which Sidecar's catalog refuses as API-key management");

    public override OrderHistory OrderHistory { get; } = new DeribitOrderHistory();

    /// <summary>Deribit answers a bad signature with HTTP 401 (JSON-RPC error 13009 "unauthorized"), reported as "401" by the caller.</summary>
    public override string? AuthFailureCode(int status, ReadOnlySpan<byte> body) => null;

    public override WebSocketAdapter WebSocket { get; } = new DeribitWebSocket();

    public override SampleRequest SampleOrder { get; } = SampleRequest.WithQuery("GET", "/api/v2/private/buy",
        "instrument_name=BTC-PERPETUAL&amount=10&type=limit&price=65000", "www.deribit.com");
}
