using Sidecar.Signing;

namespace Sidecar.Proxy;

/// <summary>What the transformer applies to the outgoing request; set per request by <see cref="SigningProxy"/>.</summary>
internal sealed class ForwardingPlan
{
    public required Uri Target { get; init; }

    public required SigningScheme Scheme { get; init; }

    public required SignedHeaders Headers { get; init; }

    public required string VenueName { get; init; }

    /// <summary>Set from the exchange's error answer when it rejected the key or signature.</summary>
    public string? AuthFailureCode { get; set; }
}
