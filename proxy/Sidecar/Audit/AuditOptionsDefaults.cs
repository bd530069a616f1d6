namespace Sidecar.Audit;

/// <summary>The <c>Audit</c> section's defaults and accepted ranges, and why.</summary>
internal static class AuditOptionsDefaults
{
    /// <summary>On: every signature Sidecar makes is on record; a sign that cannot be recorded is refused (503 audit_unavailable), not made unseen.</summary>
    public const bool FailClosed = true;

    /// <summary>64 MiB: about 200,000 records of ~300 bytes; small enough to ship and verify quickly.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>4 KiB: about a dozen records of ~300 bytes; smaller, a file would rotate every few records.</summary>
    public const long MinMaxFileBytes = 4096;

    /// <summary>A few seconds of a busy bot's requests; a full queue means the disk cannot keep up.</summary>
    public const int QueueCapacity = 8192;

    public const int MinQueueCapacity = 16;

    public const int MaxQueueCapacity = 1_000_000;

    /// <summary>Off: every batch is written as soon as the writer wakes, as before the option existed.</summary>
    public const int CommitDelayMs = 0;

    public const int MinCommitDelayMs = 0;

    /// <summary>A second is already far longer than any useful group-commit delay.</summary>
    public const int MaxCommitDelayMs = 1000;
}
