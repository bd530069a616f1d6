using Sidecar.Signing.Policy;

namespace Sidecar.Proxy;

/// <summary>
/// What the audit record of a request will say, gathered as the request goes through. Reused from request to
/// request inside the pooled <see cref="ProxiedRequest"/>; closed (no record) until the request has a target.
/// </summary>
internal sealed class AuditScope
{
    /// <summary>True once the request's target is known: from then on every decision is recorded.</summary>
    public bool IsOpen { get; private set; }

    public string Venue { get; private set; } = "-";

    public string Path { get; private set; } = "";

    public string? KeyLabel { get; private set; }

    public OrderFields? Order { get; set; }

    public int? UpstreamStatus { get; set; }

    public double? LatencyMs { get; set; }

    public string? SignedSha256 { get; set; }

    public string? Hsm { get; set; }

    /// <summary>The sequence number of the intent record written before the request left; 0 before (or without) one.</summary>
    public long IntentSequence { get; set; }

    public void Open(string venue, string path, string? keyLabel)
    {
        IsOpen = true;
        Venue = venue;
        Path = path;
        KeyLabel = keyLabel;
    }

    public void Clear()
    {
        IsOpen = false;
        Venue = "-";
        Path = "";
        KeyLabel = null;
        Order = null;
        UpstreamStatus = null;
        LatencyMs = null;
        SignedSha256 = null;
        Hsm = null;
        IntentSequence = 0;
    }
}
