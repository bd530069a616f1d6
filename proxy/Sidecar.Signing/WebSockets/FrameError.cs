namespace Sidecar.Signing.WebSockets;

/// <summary>
/// An error Sidecar answers itself on a WebSocket, in the exchange's envelope. <see cref="Code"/> is Sidecar's own
/// number, chosen outside every supported exchange's error codes (Binance's are negative, Bybit's five-digit, OKX's
/// five-digit, Deribit's 10000–13999), so a bot can never mistake it for the exchange's; <see cref="Name"/> is the
/// same name as REST's <c>X-Sidecar-Error</c>, and begins the message.
/// </summary>
public readonly record struct FrameError(string Name, int Status, int Code)
{
    public static readonly FrameError BadRequest = new("bad_request", 400, 4000);

    public static readonly FrameError PolicyDenied = new("policy_denied", 403, 4030);

    public static readonly FrameError RateLimited = new("rate_limited", 429, 4290);

    public static readonly FrameError HsmUnavailable = new("hsm_unavailable", 503, 5030);

    public static readonly FrameError AuditUnavailable = new("audit_unavailable", 503, 5031);

    /// <summary>"sidecar policy_denied: …": the text every exchange's envelope carries.</summary>
    public string Message(string text) => "sidecar " + Name + ": " + text;
}
