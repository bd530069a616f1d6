namespace Sidecar.Proxy;

/// <summary>
/// Codes of the errors Sidecar answers itself, in <c>{"error":{"code":…}}</c> and the <c>X-Sidecar-Error</c>
/// header, so a bot can tell them from the exchange's. Part of the public contract: never rename one.
/// </summary>
public static class ErrorCodes
{
    public const string Header = "X-Sidecar-Error";

    /// <summary>404: no venue by that name, or no venue owns that host.</summary>
    public const string UnknownVenue = "unknown_venue";

    /// <summary>400: the request cannot be signed as sent (malformed target, encoding, content type …).</summary>
    public const string BadRequest = "bad_request";

    /// <summary>403: the venue's policy refuses the endpoint or the order; the message names the rule.</summary>
    public const string PolicyDenied = "policy_denied";

    /// <summary>429: over the venue's rate limits, or the exchange asked Sidecar to back off (Retry-After is set).</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>413: the body is larger than Limits:MaxRequestBodyBytes.</summary>
    public const string RequestTooLarge = "request_too_large";

    /// <summary>503: the HSM could not sign; nothing was forwarded.</summary>
    public const string HsmUnavailable = "hsm_unavailable";

    /// <summary>503: the audit record cannot be written and Audit:FailClosed is set; nothing was signed.</summary>
    public const string AuditUnavailable = "audit_unavailable";

    /// <summary>502: the upstream could not be reached or broke the connection.</summary>
    public const string UpstreamUnavailable = "upstream_unavailable";

    /// <summary>502: the upstream's TLS certificate did not verify (untrusted, expired, another host's); nothing was sent.</summary>
    public const string UpstreamTls = "upstream_tls";

    /// <summary>504: the upstream did not answer within Limits:UpstreamTimeoutMs.</summary>
    public const string UpstreamTimeout = "upstream_timeout";
}
