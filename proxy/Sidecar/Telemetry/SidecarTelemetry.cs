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

    // Issue #21: the rate-limit governor and the reconciliation of orders Sidecar never signed record these. They are declared here, with the names, types and tags the alert rules and the dashboard
    // in k8s/monitoring use, so that what those read exists; the features that record them wire their sources.

    /// <summary>The exchange's view of the budget used, by venue and window (e.g. <c>1m</c> weight, <c>10s</c> orders).</summary>
    public static readonly ObservableGauge<long> RateLimitUsed = Meter.CreateObservableGauge("sidecar.ratelimit.used", NoMeasurements<long>, "{unit}", "Rate-limit budget used, by venue and window, as the exchange counts it");

    /// <summary>The exchange's limit for the same venue and window as <see cref="RateLimitUsed"/>.</summary>
    public static readonly ObservableGauge<long> RateLimitLimit = Meter.CreateObservableGauge("sidecar.ratelimit.limit", NoMeasurements<long>, "{unit}", "Rate limit, by venue and window");

    /// <summary>Orders at the exchange that Sidecar did not sign, by venue: the key is used somewhere else.</summary>
    public static readonly Counter<long> ReconcileUnknownOrders = Meter.CreateCounter<long>("sidecar.reconcile.unknown_orders", "{order}", "Orders found at the exchange that Sidecar did not sign, by venue");

    /// <summary>Unix time in seconds of each venue's last successful reconcile.</summary>
    public static readonly ObservableGauge<long> ReconcileLastSuccess = Meter.CreateObservableGauge("sidecar.reconcile.last_success", NoMeasurements<long>, "s", "Unix time of the last successful reconcile, by venue");

    private static IEnumerable<Measurement<T>> NoMeasurements<T>()
        where T : struct => [];
}
