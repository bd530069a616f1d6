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
}

public static class AuditDefaults
{
    /// <summary>64 MiB: about 200,000 records of ~300 bytes; small enough to ship and verify quickly.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>A few seconds of a busy bot's requests; a full queue means the disk cannot keep up.</summary>
    public const int QueueCapacity = 8192;
}
