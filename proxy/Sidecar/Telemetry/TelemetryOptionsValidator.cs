using Sidecar.Configuration;

namespace Sidecar.Telemetry;

/// <summary>Checks the <c>Telemetry</c> section, adding every problem to the list the validator reports at once.</summary>
internal static class TelemetryOptionsValidator
{
    public static void Validate(TelemetryOptions telemetry, List<string> errors)
    {
        if (telemetry.Otlp is { Length: > 0 } otlp && !Uri.TryCreate(otlp, UriKind.Absolute, out _))
        {
            errors.Add($"{nameof(SidecarOptions.Telemetry)}:{nameof(TelemetryOptions.Otlp)} '{otlp}' is not an absolute URL");
        }
    }
}
