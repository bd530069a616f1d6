namespace Sidecar.Audit;

/// <summary>What <c>sidecar audit verify</c> found: intact (with what it could and could not vouch for), or the first break.</summary>
internal sealed record AuditVerdict
{
    public bool Ok => Reason is null;

    /// <summary>Records whose chain links were checked.</summary>
    public long Records { get; init; }

    public int Files { get; init; }

    /// <summary>Where the first break is (file and 1-based line); null when intact.</summary>
    public string? BrokenFile { get; init; }

    public long BrokenLine { get; init; }

    /// <summary>What is wrong there; null when intact.</summary>
    public string? Reason { get; init; }

    /// <summary>Checkpoints whose signatures verified and whose heads matched the chain (in the log and beside it).</summary>
    public int CheckpointsVerified { get; init; }

    /// <summary>The latest head a verified checkpoint vouches for; 0 without one.</summary>
    public long LastCheckpointSequence { get; init; }

    /// <summary>The last sequence number in the files.</summary>
    public long LastSequence { get; init; }

    /// <summary>Bytes after the last newline of the newest file: a line torn by a crash mid-write (never a whole record).</summary>
    public long TornBytes { get; init; }

    /// <summary>Intent records (signed or forwarded, with a request id when over WebSocket) without an answered record.</summary>
    public long OpenIntents { get; init; }

    /// <summary>Whether checkpoint signatures were checked (a public key was given).</summary>
    public bool SignaturesChecked { get; init; }

    /// <summary>Things worth knowing that are not a break (checkpoints of files removed by retention, …).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
