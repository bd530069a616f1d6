using Sidecar.Configuration;

namespace Sidecar.Audit;

/// <summary>Checks the <c>Audit</c> section, adding every problem to the list the validator reports at once.</summary>
internal static class AuditOptionsValidator
{
    private const string Section = nameof(SidecarOptions.Audit);

    public static void Validate(AuditOptions audit, string? telemetryOtlp, List<string> errors)
    {
        if (audit.Path is { Length: > 0 } path && (!System.IO.Path.IsPathFullyQualified(path) || !Directory.Exists(System.IO.Path.GetDirectoryName(path))))
        {
            errors.Add($"{Section}:{nameof(AuditOptions.Path)} '{path}' must be an absolute path in an existing directory");
        }

        Require.AtLeast(errors, $"{Section}:{nameof(AuditOptions.MaxFileBytes)}", audit.MaxFileBytes, AuditOptionsDefaults.MinMaxFileBytes);
        Require.Between(errors, $"{Section}:{nameof(AuditOptions.QueueCapacity)}", audit.QueueCapacity, AuditOptionsDefaults.MinQueueCapacity, AuditOptionsDefaults.MaxQueueCapacity);
        Require.Between(errors, $"{Section}:{nameof(AuditOptions.CommitDelayMs)}", audit.CommitDelayMs, AuditOptionsDefaults.MinCommitDelayMs, AuditOptionsDefaults.MaxCommitDelayMs);
        Require.Between(errors, $"{Section}:{nameof(AuditOptions.CheckpointIntervalSeconds)}", audit.CheckpointIntervalSeconds,
            AuditOptionsDefaults.MinCheckpointIntervalSeconds, AuditOptionsDefaults.MaxCheckpointIntervalSeconds);

        if (audit.CheckpointKey is { } key && (key.Length is 0 or > 128 || key.Any(char.IsControl)))
        {
            errors.Add($"{Section}:{nameof(AuditOptions.CheckpointKey)} must be a key label of 1–128 printable characters");
        }

        if (audit.Otlp == AuditOptionsDefaults.OtlpFromTelemetry)
        {
            if (telemetryOtlp is not { Length: > 0 })
            {
                errors.Add($"{Section}:{nameof(AuditOptions.Otlp)} '{AuditOptionsDefaults.OtlpFromTelemetry}' needs {nameof(SidecarOptions.Telemetry)}:{nameof(Telemetry.TelemetryOptions.Otlp)}, the collector it names");
            }
        }
        else if (audit.Otlp is { Length: > 0 } otlp
            && (!Uri.TryCreate(otlp, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            errors.Add($"{Section}:{nameof(AuditOptions.Otlp)} '{otlp}' is not an absolute http:// or https:// URL or '{AuditOptionsDefaults.OtlpFromTelemetry}'");
        }

        if (audit.OtlpProtocol is not (AuditOptionsDefaults.OtlpProtocolHttp or AuditOptionsDefaults.OtlpProtocolGrpc))
        {
            errors.Add($"{Section}:{nameof(AuditOptions.OtlpProtocol)} '{audit.OtlpProtocol}' must be {AuditOptionsDefaults.OtlpProtocolHttp} or {AuditOptionsDefaults.OtlpProtocolGrpc}");
        }

        // The file is the source of truth: checkpoints sign it, and the copies are copies of it.
        if (audit.Path is not { Length: > 0 })
        {
            foreach (var (name, set) in (ReadOnlySpan<(string, bool)>)[
                (nameof(AuditOptions.CheckpointKey), audit.CheckpointKey is not null),
                (nameof(AuditOptions.Stdout), audit.Stdout),
                (nameof(AuditOptions.Otlp), audit.Otlp is { Length: > 0 })])
            {
                if (set)
                {
                    errors.Add($"{Section}:{name} needs {Section}:{nameof(AuditOptions.Path)}: the file is the audit log's source of truth");
                }
            }
        }
    }
}
