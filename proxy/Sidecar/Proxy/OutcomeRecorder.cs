using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Sidecar.Alerts;
using Sidecar.Audit;
using Sidecar.Logging;
using Sidecar.Signing;
using Sidecar.Telemetry;

namespace Sidecar.Proxy;

/// <summary>
/// Records a request's outcome, once, from its one <see cref="RequestOutcome"/> value: the log line, the request
/// and refusal metrics, the tags of Sidecar's span, the alerts and the audit record. <see cref="SigningProxy"/>
/// calls it where the outcome is final: before it writes its own answer (so the record is written before the bot
/// hears of a refusal), or once the exchange's answer has been relayed. A request that left Sidecar has two audit
/// records: its intent (<see cref="RecordIntent"/>, before its bytes were sent) and the <c>answered</c> record
/// naming it.
/// </summary>
internal sealed partial class OutcomeRecorder
{
    private readonly AuditLog? _audit;
    private readonly AlertSink _alerts;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public OutcomeRecorder(AuditSink audit, AlertSink alerts, TimeProvider clock, ILogger<SigningProxy> logger)
    {
        _audit = audit.Log;
        _alerts = alerts;
        _clock = clock;
        _logger = logger;
    }

    public void Record(ProxiedRequest state, string method, int answeredStatus, Activity? span, long started)
    {
        var outcome = state.Outcome;
        var scope = state.Audit;
        var venue = scope.Venue;
        if (outcome.IsSet)
        {
            WriteLog(state, method, outcome);
            Count(venue, outcome);
            Alert(venue, method, scope, outcome);
            Audit(scope, method, outcome);
        }
        else if (_audit is not null && scope.IntentSequence != 0)
        {
            // An exception Sidecar did not expect, after the request may have left: whatever the exchange did is unknown.
            _audit.AppendSoon(Answered(scope, method, RequestOutcome.Decisions.Failed, UpstreamFailure.Unknown, upstreamStatus: null, latencyMs: null));
        }

        span?.SetTag("sidecar.decision", outcome.IsSet ? outcome.Decision : RequestOutcome.Decisions.Failed);
        if (outcome.Kind == OutcomeKind.Refused)
        {
            span?.SetTag("sidecar.rule", outcome.RuleOrCode);
        }
        else if (outcome.UpstreamStatus is { } upstream)
        {
            span?.SetTag("sidecar.upstream_status", StatusTag.Of(upstream));
        }

        span?.SetTag("http.response.status_code", StatusTag.Of(answeredStatus));
        // A request that ended in an exception Sidecar did not expect has no outcome: it counts as failed.
        var tags = new TagList { { "venue", venue }, { "decision", outcome.IsSet ? outcome.Decision : RequestOutcome.Decisions.Failed } };
        SidecarTelemetry.RequestDuration.Record(_clock.GetElapsedTime(started).TotalMilliseconds, tags);
        tags.Add("status", StatusTag.Of(answeredStatus));
        SidecarTelemetry.Requests.Add(1, tags);
    }

    private void WriteLog(ProxiedRequest state, string method, RequestOutcome outcome)
    {
        var route = state.Route;
        switch (outcome.Kind)
        {
            case OutcomeKind.Refused:
                Log.Refused(_logger, method, outcome.Code!, outcome.Detail ?? outcome.Message!);
                break;
            case OutcomeKind.HsmFailed:
                Log.HsmFailed(_logger, route.Venue.Name, route.Venue.Credentials.Key.Label, outcome.Detail!);
                break;
            case OutcomeKind.SignAbandoned:
                Log.SignAbandoned(_logger, route.Venue.Name, route.Venue.Credentials.Key.Label, outcome.Detail!);
                break;
            case OutcomeKind.UpstreamFailed:
                Log.UpstreamFailed(_logger, route.Venue.Name, route.Path, outcome.ForwarderError);
                break;
            default:
                Log.Forwarded(_logger, method, route.Venue.Name, route.Path, state.Signed.Access, outcome.UpstreamStatus ?? 0);
                break;
        }
    }

    private static void Count(string venue, RequestOutcome outcome)
    {
        switch (outcome.Code)
        {
            case ErrorCodes.PolicyDenied:
                SidecarTelemetry.PolicyRefusals.Add(1, new TagList { { "venue", venue }, { "rule", outcome.RuleOrCode } });
                break;
            case ErrorCodes.RateLimited:
                SidecarTelemetry.RateLimitRefusals.Add(1, new TagList { { "venue", venue }, { "limit", outcome.RuleOrCode } });
                break;
        }

        if (outcome.HsmError is { } hsmError)
        {
            SidecarTelemetry.HsmErrors.Add(1, new TagList { { "result", hsmError } });
        }

        if (outcome.AuthFailureCode is { } authCode)
        {
            SidecarTelemetry.UpstreamAuthFailures.Add(1, new TagList { { "venue", venue }, { "code", authCode } });
        }
    }

    private void Alert(string venue, string method, AuditScope scope, RequestOutcome outcome)
    {
        if (outcome.Code == ErrorCodes.PolicyDenied)
        {
            _alerts.CountRefusal(venue, outcome.RuleOrCode!);
            if (outcome.Rule == "category withdrawal")
            {
                _alerts.Raise(AlertEvents.WithdrawalAttempt, "critical", venue,
                    $"a withdrawal through venue '{venue}' ({method} {(scope.IsOpen ? scope.Path : null)}) was refused: the bot should never ask for one");
            }
        }

        if (outcome.AuthFailureCode is { } authCode)
        {
            _alerts.Raise(AlertEvents.UpstreamAuthFailure, "critical", venue,
                $"the exchange rejected the key or signature for venue '{venue}' (code {authCode}, HTTP {outcome.UpstreamStatus}): check the key, its permissions and IP allow-list");
        }
    }

    /// <summary>
    /// Write-ahead: the intent record of a request about to leave (signed, or forwarded on the venue's authority or as
    /// a public call), written before its bytes are sent. False when it could not be written.
    /// </summary>
    public bool RecordIntent(ProxiedRequest state, string method)
    {
        var scope = state.Audit;
        if (_audit is null)
        {
            return true;
        }

        scope.IntentSequence = _audit.Append(new AuditRecord
        {
            Time = _clock.GetUtcNow(),
            Venue = scope.Venue,
            Method = method,
            Path = scope.Path,
            KeyLabel = scope.KeyLabel,
            Decision = state.SignOutcome == SignOutcome.Signed ? RequestOutcome.Decisions.Signed : RequestOutcome.Decisions.Forwarded,
            Order = scope.Order,
            SignedSha256 = scope.SignedSha256,
            Hsm = scope.Hsm,
        });
        return scope.IntentSequence != 0;
    }

    private void Audit(AuditScope scope, string method, RequestOutcome outcome)
    {
        // Nothing to record before the request has a target; nothing can be recorded when the log itself failed.
        if (_audit is null || !scope.IsOpen || (outcome.Code == ErrorCodes.AuditUnavailable && scope.IntentSequence == 0))
        {
            return;
        }

        if (scope.IntentSequence != 0)
        {
            // What became of the intent: the exchange's answer, or why there was none (not_sent, unknown). Written by the
            // flusher's thread: the intent is already on record, and this request's thread pays for one write.
            _audit.AppendSoon(Answered(scope, method, outcome.Kind == OutcomeKind.Forwarded ? null : outcome.RuleOrCode,
                outcome.AuditOutcome ?? UpstreamFailure.NotSent, outcome.UpstreamStatus, outcome.LatencyMs));
            return;
        }

        _audit.Append(new AuditRecord
        {
            Time = _clock.GetUtcNow(),
            Venue = scope.Venue,
            Method = method,
            Path = scope.Path,
            KeyLabel = scope.KeyLabel,
            Decision = outcome.Decision,
            Rule = outcome.Kind == OutcomeKind.Forwarded ? null : outcome.RuleOrCode,
            Order = scope.Order,
            UpstreamStatus = outcome.UpstreamStatus,
            LatencyMs = outcome.LatencyMs,
            SignedSha256 = scope.SignedSha256,
            Outcome = outcome.AuditOutcome,
            Hsm = scope.Hsm,
        });
    }

    /// <summary>The record of what became of an intent: it names the intent (<c>ref</c>) and says how it ended.</summary>
    private AuditRecord Answered(AuditScope scope, string method, string? rule, string outcome, int? upstreamStatus, double? latencyMs) => new()
    {
        Time = _clock.GetUtcNow(),
        Ref = scope.IntentSequence,
        Venue = scope.Venue,
        Method = method,
        Path = scope.Path,
        KeyLabel = scope.KeyLabel,
        Decision = AuditDecisions.Answered,
        Rule = rule,
        UpstreamStatus = upstreamStatus,
        LatencyMs = latencyMs,
        Outcome = outcome,
    };

    private static partial class Log
    {
        // Debug: the audit log is the per-request record; a console line per request costs a write and a logger-thread
        // wake-up on the hot path (issue #8). Refusals and failures stay at Warning and Error.
        [LoggerMessage(EventIds.RequestForwarded, LogLevel.Debug, "{Method} {Venue} {Path} ({Access}) → {Status}")]
        public static partial void Forwarded(ILogger logger, string method, string venue, string path, EndpointAccess access, int status);

        [LoggerMessage(EventIds.RequestRefused, LogLevel.Warning, "Refused {Method}: {Code}: {Reason}")]
        public static partial void Refused(ILogger logger, string method, string code, string reason);

        [LoggerMessage(EventIds.HsmSignFailed, LogLevel.Error, "HSM could not sign for venue {Venue} with key {KeyLabel}: {Reason}. Nothing was forwarded.")]
        public static partial void HsmFailed(ILogger logger, string venue, string keyLabel, string reason);

        [LoggerMessage(EventIds.HsmSignAbandoned, LogLevel.Error, "HSM sign for venue {Venue} with key {KeyLabel} abandoned: {Reason}. Answered 503; the late result was discarded and nothing was forwarded.")]
        public static partial void SignAbandoned(ILogger logger, string venue, string keyLabel, string reason);

        [LoggerMessage(EventIds.UpstreamFailed, LogLevel.Warning, "Upstream of venue {Venue} failed for {Path}: {Error}")]
        public static partial void UpstreamFailed(ILogger logger, string venue, string path, Yarp.ReverseProxy.Forwarder.ForwarderError error);
    }
}
