namespace Sidecar.Audit;

/// <summary>Config <c>Audit</c>: the write-ahead, tamper-evident record of every decision.</summary>
internal sealed class AuditOptions
{
    /// <summary>File the JSON lines go to; rotated files get a numeric suffix. Unset: no audit log.</summary>
    public string? Path { get; set; }

    /// <summary>When a record cannot be written, refuse to sign (503 audit_unavailable) rather than sign unrecorded.</summary>
    public bool FailClosed { get; set; } = AuditOptionsDefaults.FailClosed;

    /// <summary>Rotate when the file reaches this size; the hash chain continues into the next file.</summary>
    public long MaxFileBytes { get; set; } = AuditOptionsDefaults.MaxFileBytes;

    /// <summary>
    /// Copies waiting to be exported (stdout, OTLP); a copy that finds the queue full is dropped and counted (the file
    /// has every record).
    /// </summary>
    public int QueueCapacity { get; set; } = AuditOptionsDefaults.QueueCapacity;

    /// <summary>
    /// Group commit: records are written (handed to the kernel) by the request itself, and flushed to disk (fsync) by
    /// a background thread at most this long after the first write since the last flush. A process crash loses
    /// nothing written; a power loss can lose the records of the last CommitDelayMs (and of the flush under way).
    /// 0 flushes as soon as the flusher is woken.
    /// </summary>
    public int CommitDelayMs { get; set; } = AuditOptionsDefaults.CommitDelayMs;

    /// <summary>
    /// Label of the audit key: an Ed25519 or P-256 key pair generated in the HSM (<c>sidecar keys generate</c>) that
    /// signs checkpoints of the chain's head. Unset: no checkpoints (the chain alone).
    /// </summary>
    public string? CheckpointKey { get; set; }

    /// <summary>Seconds between checkpoints while records are added; one is also made at rotation and at shutdown.</summary>
    public int CheckpointIntervalSeconds { get; set; } = AuditOptionsDefaults.CheckpointIntervalSeconds;

    /// <summary>Also write every record as a JSON line to standard output (kubectl logs, Fluent Bit, Vector).</summary>
    public bool Stdout { get; set; } = AuditOptionsDefaults.Stdout;

    /// <summary>
    /// OTLP endpoint the records are exported to as OpenTelemetry log records (a SIEM's collector), or
    /// <c>telemetry</c> for <c>Telemetry:Otlp</c>'s. Unset: none.
    /// </summary>
    public string? Otlp { get; set; }

    /// <summary>The collector the records go to: <see cref="Otlp"/>, or <c>Telemetry:Otlp</c> when it says <c>telemetry</c>.</summary>
    public string? OtlpEndpoint(string? telemetryOtlp) => Otlp == AuditOptionsDefaults.OtlpFromTelemetry ? telemetryOtlp : Otlp;

    /// <summary><c>http/protobuf</c> (a collector's port 4318) or <c>grpc</c> (port 4317).</summary>
    public string OtlpProtocol { get; set; } = AuditOptionsDefaults.OtlpProtocol;
}
