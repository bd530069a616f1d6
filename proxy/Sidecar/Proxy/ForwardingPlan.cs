using Sidecar.Signing;

namespace Sidecar.Proxy;

/// <summary>
/// What the transformer applies to the outgoing request; set per request by <see cref="SigningProxy"/>. Part of
/// the pooled <see cref="ProxiedRequest"/>, so it is filled in again for every request rather than allocated.
/// </summary>
internal sealed class ForwardingPlan
{
    public Uri Target { get; private set; } = null!;

    public SigningScheme Scheme { get; private set; } = null!;

    public SignedHeaders Headers { get; private set; } = null!;

    public string VenueName { get; private set; } = null!;

    /// <summary>The exact bytes that were signed (or passed through), sent with the headers in one write.</summary>
    public ReadOnlyMemory<byte> Body { get; private set; }

    /// <summary>Set from the exchange's error answer when it rejected the key or signature.</summary>
    public string? AuthFailureCode { get; set; }

    public void Set(Uri target, SigningScheme scheme, SignedHeaders headers, string venueName, ReadOnlyMemory<byte> body)
    {
        Target = target;
        Body = body;
        Scheme = scheme;
        Headers = headers;
        VenueName = venueName;
        AuthFailureCode = null;
    }

    public void Clear()
    {
        Target = null!;
        Body = default;
        Scheme = null!;
        Headers = null!;
        VenueName = null!;
        AuthFailureCode = null;
    }
}
