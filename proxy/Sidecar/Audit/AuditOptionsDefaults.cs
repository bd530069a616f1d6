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

    /// <summary>A few seconds of a busy bot's records; a full queue means the collector or stdout cannot keep up.</summary>
    public const int QueueCapacity = 8192;

    public const int MinQueueCapacity = 16;

    public const int MaxQueueCapacity = 1_000_000;

    /// <summary>
    /// 10 ms: the power-loss window. Measured here (bench/RESULTS.md, "Write-ahead audit"): the flushes of a busy
    /// log then cost one fsync per 10 ms on the flusher's thread, nothing on the requests'.
    /// </summary>
    public const int CommitDelayMs = 10;

    public const int MinCommitDelayMs = 0;

    /// <summary>A second is already far longer than any useful group-commit delay.</summary>
    public const int MaxCommitDelayMs = 1000;

    /// <summary>A minute: what a cut tail can hide from the checkpoints file is at most a minute of records.</summary>
    public const int CheckpointIntervalSeconds = 60;

    /// <summary>One a second at most: each is an HSM signature, a flush and a line in two files.</summary>
    public const int MinCheckpointIntervalSeconds = 1;

    /// <summary>A day: longer, and a cut tail could hide a day of records until the next checkpoint.</summary>
    public const int MaxCheckpointIntervalSeconds = 86_400;

    /// <summary>Off: stdout carries the console log; the copies are for log shippers that ask for them.</summary>
    public const bool Stdout = false;

    public const string OtlpProtocolHttp = "http/protobuf";

    public const string OtlpProtocolGrpc = "grpc";

    /// <summary>OTLP/HTTP with protobuf, the collector's port 4318 (OTEL_EXPORTER_OTLP_PROTOCOL's names).</summary>
    public const string OtlpProtocol = OtlpProtocolHttp;

    /// <summary>
    /// <c>Audit:Otlp</c>'s value that sends the records to <c>Telemetry:Otlp</c>, the collector metrics and traces
    /// already go to, so a platform with one collector names it once.
    /// </summary>
    public const string OtlpFromTelemetry = "telemetry";
}
