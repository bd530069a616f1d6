namespace Sidecar.Audit;

/// <summary>Config <c>Audit</c>: the tamper-evident record of every decision.</summary>
internal sealed class AuditOptions
{
    /// <summary>File the JSON lines go to; rotated files get a numeric suffix. Unset: no audit log.</summary>
    public string? Path { get; set; }

    /// <summary>When a record cannot be written, refuse to sign (503 audit_unavailable) rather than sign unrecorded.</summary>
    public bool FailClosed { get; set; } = AuditOptionsDefaults.FailClosed;

    /// <summary>Rotate when the file reaches this size; the hash chain continues into the next file.</summary>
    public long MaxFileBytes { get; set; } = AuditOptionsDefaults.MaxFileBytes;

    /// <summary>Records waiting for the writer; when full, signing is refused (fail closed) or records are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = AuditOptionsDefaults.QueueCapacity;

    /// <summary>
    /// How long the writer waits, once a record has woken it, for more records to join the batch before it writes
    /// and flushes to disk. 0 writes at once. A delay trades a longer crash window (records not yet on disk) for
    /// fewer fsyncs when requests come one at a time.
    /// </summary>
    public int CommitDelayMs { get; set; } = AuditOptionsDefaults.CommitDelayMs;
}
