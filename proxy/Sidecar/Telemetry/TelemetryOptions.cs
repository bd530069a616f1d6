namespace Sidecar.Telemetry;

/// <summary>Config <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>OTLP endpoint (gRPC or HTTP/protobuf collector URL); unset: metrics only at /metrics, traces not exported.</summary>
    public string? Otlp { get; set; }

    /// <summary>Send W3C trace context (traceparent) to the exchange. Off: the exchange need not see it.</summary>
    public bool PropagateTraceContext { get; set; }
}

/// <summary>Config <c>Keys</c>: key hygiene.</summary>
public sealed class KeysOptions
{
    /// <summary>Keys older than this are reported at start-up, in metrics, readiness and alerts.</summary>
    public int MaxAgeDays { get; set; } = 90;

    /// <summary>A key older than <see cref="MaxAgeDays"/> makes /readyz answer 503 (off: it is only reported).</summary>
    public bool EnforceMaxAge { get; set; } = Sidecar.Configuration.OptionsDefaults.EnforceKeyMaxAge;
}
