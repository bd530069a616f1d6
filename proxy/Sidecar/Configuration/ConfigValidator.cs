using Microsoft.Extensions.Configuration;
using Sidecar.Alerts;
using Sidecar.Audit;
using Sidecar.Clock;
using Sidecar.Pkcs11;
using Sidecar.Telemetry;

namespace Sidecar.Configuration;

/// <summary>
/// Runs every section's validator and reports every problem at once, in one <see cref="ConfigException"/>. Checks
/// that need the HSM (token present, key labels found) run later, at start-up, and are reported the same way.
/// </summary>
internal static class ConfigValidator
{
    public static ValidatedConfig Validate(SidecarOptions options, IConfiguration? file = null)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        if (file is not null)
        {
            KnownKeys.Check(file, errors);
        }

        var hsm = ValidateDefaultHsm(options.Hsm, errors, out var pin);
        var listeners = ListenerValidator.Validate(options, errors, warnings);
        LimitsOptionsValidator.Validate(options.Limits, errors);
        var venues = VenueOptionsValidator.Validate(options.Venues, errors, warnings);
        var hsms = HsmSetValidator.Validate(options, hsm, pin, errors);
        AuditOptionsValidator.Validate(options.Audit, options.Telemetry.Otlp, errors);
        AlertOptionsValidator.Validate(options.Alerts, errors);
        TelemetryOptionsValidator.Validate(options.Telemetry, errors);
        KeysOptionsValidator.Validate(options.Keys, errors);
        ClockOptionsValidator.Validate(options.Clock, options.Venues, errors);
        if (options.StateDirectory is { Length: > 0 } state && !Directory.Exists(state))
        {
            errors.Add($"{nameof(SidecarOptions.StateDirectory)} '{state}' does not exist");
        }

        if (errors.Count > 0 || (listeners.Listen is null && listeners.UnixSocket is null))
        {
            throw new ConfigException(errors);
        }

        return new ValidatedConfig
        {
            Hsm = hsm!,
            Pin = pin!,
            Hsms = hsms,
            Listen = listeners.Listen,
            ListenUnixSocket = listeners.UnixSocket,
            AllowedUids = [.. options.AllowedUids],
            Admin = listeners.Admin!,
            AllowNonLoopbackListen = options.AllowNonLoopbackListen,
            MaxRequestBodyBytes = options.Limits.MaxRequestBodyBytes,
            UpstreamTimeout = TimeSpan.FromMilliseconds(options.Limits.UpstreamTimeoutMs),
            MaxWebSocketMessageBytes = options.Limits.MaxWebSocketMessageBytes,
            MaxWebSocketConnections = options.Limits.MaxWebSocketConnections,
            MaxWebSocketBufferBytes = options.Limits.MaxWebSocketBufferBytes,
            ShutdownTimeout = TimeSpan.FromMilliseconds(options.Limits.ShutdownTimeoutMs),
            Venues = venues,
            StateDirectory = string.IsNullOrWhiteSpace(options.StateDirectory) ? null : options.StateDirectory,
            Audit = options.Audit,
            Alerts = options.Alerts,
            Telemetry = options.Telemetry,
            Keys = options.Keys,
            Clock = options.Clock,
            FileSettings = FileSettingsOf(file),
            Posture = options.Posture,
            Warnings = warnings,
        };
    }

    /// <summary>The HSM part alone, for the <c>keys</c> commands, which need no venues or listeners.</summary>
    public static (HsmSettings Settings, PinSource Pin) ValidateHsmOnly(SidecarOptions options)
    {
        var errors = new List<string>();
        var settings = ValidateDefaultHsm(options.Hsm, errors, out var pin);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }

        return (settings!, pin!);
    }

    private static HsmSettings? ValidateDefaultHsm(HsmOptions hsm, List<string> errors, out PinSource? pin) =>
        HsmOptionsValidator.Validate(hsm, HsmOptions.SectionPath(HsmOptionsDefaults.DefaultHsmName), HsmOptionsDefaults.DefaultHsmName, errors, out pin);

    private static Dictionary<string, string> FileSettingsOf(IConfiguration? file)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in file?.AsEnumerable() ?? [])
        {
            if (value is not null)
            {
                settings[key] = value;
            }
        }

        return settings;
    }
}
