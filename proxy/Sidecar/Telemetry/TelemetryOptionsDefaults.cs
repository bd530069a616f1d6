namespace Sidecar.Telemetry;

/// <summary>The <c>Telemetry</c> section's defaults, and why.</summary>
internal static class TelemetryOptionsDefaults
{
    /// <summary>Off: the exchange needs no traceparent header, so it does not see Sidecar's trace ids.</summary>
    public const bool PropagateTraceContext = false;
}
