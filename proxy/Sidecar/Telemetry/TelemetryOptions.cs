namespace Sidecar.Telemetry;

/// <summary>Config <c>Telemetry</c>.</summary>
internal sealed class TelemetryOptions
{
    /// <summary>OTLP endpoint (gRPC or HTTP/protobuf collector URL); unset: metrics only at /metrics, traces not exported.</summary>
    public string? Otlp { get; set; }

    /// <summary>Send W3C trace context (traceparent) to the exchange. Off: the exchange need not see it.</summary>
    public bool PropagateTraceContext { get; set; } = TelemetryOptionsDefaults.PropagateTraceContext;
}
