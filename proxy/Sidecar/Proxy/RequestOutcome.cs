using Yarp.ReverseProxy.Forwarder;

namespace Sidecar.Proxy;

/// <summary>What happened to a request, in the order of the flow.</summary>
internal enum OutcomeKind
{
    /// <summary>Sidecar refused it: nothing was signed or forwarded.</summary>
    Refused,

    /// <summary>The HSM could not sign: nothing was forwarded.</summary>
    HsmFailed,

    /// <summary>The sign hung and the watchdog answered 503 while it was still inside the HSM.</summary>
    SignAbandoned,

    /// <summary>Signed (or passed through) and sent, but the upstream failed to answer.</summary>
    UpstreamFailed,

    /// <summary>Sent, and the exchange's answer relayed to the bot.</summary>
    Forwarded,
}

/// <summary>
/// The one value a request's outcome is recorded from (<see cref="OutcomeRecorder"/>): the log line, the metrics,
/// the span's tags, the alerts and the audit record all read it, so they cannot disagree. Each step of
/// <see cref="SigningProxy"/> that ends a request sets it with one call. Part of the pooled
/// <see cref="ProxiedRequest"/>.
/// </summary>
internal sealed class RequestOutcome
{
    public OutcomeKind Kind { get; private set; }

    /// <summary>signed, forwarded, refused or failed: the metric tag and the audit record's decision.</summary>
    public string Decision { get; private set; } = Decisions.Refused;

    /// <summary>The status Sidecar answers itself; 0 when the exchange's answer was relayed.</summary>
    public int Status { get; private set; }

    /// <summary>The error code Sidecar answers (<see cref="ErrorCodes"/>); null when the exchange's answer was relayed.</summary>
    public string? Code { get; private set; }

    /// <summary>The error message to the bot; constant text and names, never a secret.</summary>
    public string? Message { get; private set; }

    /// <summary>The policy rule or limit behind a refusal.</summary>
    public string? Rule { get; private set; }

    public string? RetryAfter { get; private set; }

    /// <summary>What the log line says when it says more than the bot is told (the HSM's error, the audit log's failure).</summary>
    public string? Detail { get; private set; }

    /// <summary>The PKCS#11 result of an HSM failure, for the <c>sidecar.hsm.errors</c> metric.</summary>
    public string? HsmError { get; private set; }

    public int? UpstreamStatus { get; private set; }

    public double? LatencyMs { get; private set; }

    /// <summary>ok, unknown (the exchange may have acted) or not_sent; for forwarded and failed-upstream requests.</summary>
    public string? AuditOutcome { get; private set; }

    /// <summary>The exchange's code when its answer rejected the key or signature.</summary>
    public string? AuthFailureCode { get; private set; }

    public ForwarderError ForwarderError { get; private set; }

    /// <summary>True once set: a request is recorded once.</summary>
    public bool IsSet { get; private set; }

    /// <summary>The rule the audit record and the span name: the policy rule, else the error code.</summary>
    public string? RuleOrCode => Rule ?? Code;

    public void Refuse(int status, string code, string message, string? rule = null, string? retryAfter = null, string? detail = null)
    {
        Set(OutcomeKind.Refused, Decisions.Refused, status, code, message);
        Rule = rule;
        RetryAfter = retryAfter;
        Detail = detail;
    }

    public void HsmFailed(string message, string detail, string? hsmError)
    {
        Set(OutcomeKind.HsmFailed, Decisions.Failed, 503, ErrorCodes.HsmUnavailable, message);
        Detail = detail;
        HsmError = hsmError;
    }

    public void SignAbandoned(string detail)
    {
        // The watchdog wrote the 503 already: nothing more is answered.
        Set(OutcomeKind.SignAbandoned, Decisions.Failed, 0, ErrorCodes.HsmUnavailable, null);
        Detail = detail;
    }

    public void UpstreamFailed(UpstreamFailure failure, string message, ForwarderError error, double latencyMs)
    {
        Set(OutcomeKind.UpstreamFailed, Decisions.Failed, failure.Status, failure.Code, message);
        AuditOutcome = failure.Outcome;
        ForwarderError = error;
        LatencyMs = latencyMs;
    }

    public void Forwarded(bool signed, int upstreamStatus, double latencyMs, string? authFailureCode)
    {
        Set(OutcomeKind.Forwarded, signed ? Decisions.Signed : Decisions.Forwarded, 0, null, null);
        UpstreamStatus = upstreamStatus;
        LatencyMs = latencyMs;
        AuthFailureCode = authFailureCode;

        // A 5xx may come after the exchange accepted the order (Binance: "execution status UNKNOWN").
        AuditOutcome = upstreamStatus >= 500 ? UpstreamFailure.Unknown : "ok";
    }

    public void Clear()
    {
        Kind = default;
        Decision = Decisions.Refused;
        Status = 0;
        Code = null;
        Message = null;
        Rule = null;
        RetryAfter = null;
        Detail = null;
        HsmError = null;
        UpstreamStatus = null;
        LatencyMs = null;
        AuditOutcome = null;
        AuthFailureCode = null;
        ForwarderError = default;
        IsSet = false;
    }

    private void Set(OutcomeKind kind, string decision, int status, string? code, string? message)
    {
        Kind = kind;
        Decision = decision;
        Status = status;
        Code = code;
        Message = message;
        IsSet = true;
    }

    public static class Decisions
    {
        public const string Signed = "signed";
        public const string Forwarded = "forwarded";
        public const string Refused = "refused";
        public const string Failed = "failed";
    }
}
