namespace Sidecar.Alerts;

/// <summary>A security event. The message names venues, rules and codes — never keys, secrets or signatures.</summary>
internal sealed record Alert(string Event, string Severity, string? Venue, string Message, DateTimeOffset Time);

/// <summary>The events Sidecar alerts on. Part of the contract with alert routing: never rename one.</summary>
internal static class AlertEvents
{
    public const string PolicyRefusalBurst = "policy_refusal_burst";
    public const string WithdrawalAttempt = "withdrawal_attempt";
    public const string UpstreamAuthFailure = "upstream_auth_failure";
    public const string HsmLoginFailure = "hsm_login_failure";
    public const string KeyTooOld = "key_too_old";
    public const string ClockSkew = "clock_skew";
    public const string HsmFailover = "hsm_failover";
    public const string RateLimitNear = "rate_limit_near";
    public const string UnknownOrder = "unknown_order";
}
