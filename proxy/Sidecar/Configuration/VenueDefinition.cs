using Sidecar.Signing;

namespace Sidecar.Configuration;

/// <summary>A venue after validation: every value checked and normalised.</summary>
public sealed record VenueDefinition
{
    public required string Name { get; init; }

    public required SigningScheme Scheme { get; init; }

    /// <summary>Scheme, host, optional port and base path, without a trailing slash, e.g. <c>https://api.binance.com</c>.</summary>
    public required string UpstreamBase { get; init; }

    /// <summary>Lower-case host names that select this venue in the proxyUrl route form.</summary>
    public required IReadOnlyList<string> Hosts { get; init; }

    public required string ApiKey { get; init; }

    public required string KeyLabel { get; init; }
}
