using Sidecar.Configuration;

namespace Sidecar.Audit;

/// <summary>Checks the <c>Audit</c> section, adding every problem to the list the validator reports at once.</summary>
internal static class AuditOptionsValidator
{
    private const string Section = nameof(SidecarOptions.Audit);

    public static void Validate(AuditOptions audit, List<string> errors)
    {
        if (audit.Path is { Length: > 0 } path && (!System.IO.Path.IsPathFullyQualified(path) || !Directory.Exists(System.IO.Path.GetDirectoryName(path))))
        {
            errors.Add($"{Section}:{nameof(AuditOptions.Path)} '{path}' must be an absolute path in an existing directory");
        }

        Require.AtLeast(errors, $"{Section}:{nameof(AuditOptions.MaxFileBytes)}", audit.MaxFileBytes, AuditOptionsDefaults.MinMaxFileBytes);
        Require.Between(errors, $"{Section}:{nameof(AuditOptions.QueueCapacity)}", audit.QueueCapacity, AuditOptionsDefaults.MinQueueCapacity, AuditOptionsDefaults.MaxQueueCapacity);
        Require.Between(errors, $"{Section}:{nameof(AuditOptions.CommitDelayMs)}", audit.CommitDelayMs, AuditOptionsDefaults.MinCommitDelayMs, AuditOptionsDefaults.MaxCommitDelayMs);
    }
}
