using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sidecar.Telemetry;

/// <summary>
/// Sidecar's traces and metrics. Tags carry venues, rules, codes and statuses — never keys, signatures, query
/// strings or bodies. Exported through OpenTelemetry: Prometheus text at the admin listener's /metrics, and OTLP
/// when Telemetry:Otlp is set.
/// </summary>
internal static class SidecarTelemetry
{
    public const string Name = "Sidecar";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Requests by venue, decision (signed, forwarded, refused, failed) and HTTP status answered.</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("sidecar.requests", "{request}", "Requests handled by the proxy listener");

    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>("sidecar.request.duration", "ms", "End-to-end time in Sidecar, upstream included");

    public static readonly Histogram<double> SignDuration = Meter.CreateHistogram<double>("sidecar.hsm.sign.duration", "ms", "Time of the signing step (prehash, HSM sign, encoding)");

    /// <summary>HSM failures by PKCS#11 return value (or "unavailable" while reconnecting).</summary>
    public static readonly Counter<long> HsmErrors = Meter.CreateCounter<long>("sidecar.hsm.errors", "{error}", "Signs the HSM failed");

    public static readonly Counter<long> PolicyRefusals = Meter.CreateCounter<long>("sidecar.policy.refusals", "{request}", "Requests refused by policy, by rule");

    public static readonly Counter<long> RateLimitRefusals = Meter.CreateCounter<long>("sidecar.ratelimit.refusals", "{request}", "Requests refused by a rate limit or the exchange's back-off");

    /// <summary>The exchange said the key or signature is wrong: a leaked-key or misconfiguration signal.</summary>
    /// <summary>
    /// Audit failures by <c>reason</c>: write (a record could not be written), fsync (the log could not be flushed to
    /// disk), checkpoint (a checkpoint could not be signed or written), otlp (an export to the collector failed, or the
    /// export queue was full and a copy was dropped; the file still has the record).
    /// </summary>
    public static readonly Counter<long> AuditFailures = Meter.CreateCounter<long>("sidecar.audit.failures", "{failure}", "Audit log failures, by reason (write, fsync, checkpoint, otlp)");

    /// <summary>1 while the audit log can be written and flushed, 0 while it cannot (signing is refused with FailClosed).</summary>
    public static readonly ObservableGauge<int> AuditAvailable = Meter.CreateObservableGauge("sidecar.audit.available", Audit.AuditAvailability.Observe, "{bool}", "1 when the audit log can be written and flushed, 0 when it cannot");

    public static readonly Counter<long> UpstreamAuthFailures = Meter.CreateCounter<long>("sidecar.upstream.auth_failures", "{response}", "Exchange answers rejecting the key or signature, by exchange code");
}
