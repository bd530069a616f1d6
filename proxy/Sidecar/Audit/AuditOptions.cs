namespace Sidecar.Audit;

/// <summary>Config <c>Audit</c>: the tamper-evident record of every decision.</summary>
public sealed class AuditOptions
{
    /// <summary>File the JSON lines go to; rotated files get a numeric suffix. Unset: no audit log.</summary>
    public string? Path { get; set; }

    /// <summary>When a record cannot be written, refuse to sign (503 audit_unavailable) rather than sign unrecorded.</summary>
    public bool FailClosed { get; set; } = true;

    /// <summary>Rotate when the file reaches this size; the hash chain continues into the next file.</summary>
    public long MaxFileBytes { get; set; } = AuditDefaults.MaxFileBytes;

    /// <summary>Records waiting for the writer; when full, signing is refused (fail closed) or records are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = AuditDefaults.QueueCapacity;

    /// <summary>
    /// How long the writer waits, once a record has woken it, for more records to join the batch before it writes
    /// and flushes to disk. 0 writes at once. A delay trades a longer crash window (records not yet on disk) for
    /// fewer fsyncs when requests come one at a time.
    /// </summary>
    public int CommitDelayMs { get; set; } = AuditDefaults.CommitDelayMs;
}

public static class AuditDefaults
{
    /// <summary>64 MiB: about 200,000 records of ~300 bytes; small enough to ship and verify quickly.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>A few seconds of a busy bot's requests; a full queue means the disk cannot keep up.</summary>
    public const int QueueCapacity = 8192;

    /// <summary>Off: every batch is written as soon as the writer wakes, as before the option existed.</summary>
    public const int CommitDelayMs = 0;

    /// <summary>A second is already far longer than any useful group-commit delay.</summary>
    public const int MaxCommitDelayMs = 1000;
}
