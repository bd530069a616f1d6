namespace Sidecar.Audit;

/// <summary>The audit log when one is configured (DI cannot hold a null singleton).</summary>
internal sealed record AuditSink(AuditLog? Log);
