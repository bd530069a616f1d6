namespace Sidecar.Signing.Deribit;

/// <summary>
/// Deribit API v2 (JSON-RPC over HTTP, docs.deribit.com): methods under <c>/api/v2/public/</c> need no
/// authentication, methods under <c>/api/v2/private/</c> do. Anything else is signed (the safe default).
/// </summary>
internal static class DeribitEndpoints
{
    public static readonly PathTable Public = new([], ["/api/v2/public/"]);

    public static EndpointAccess Classify(ReadOnlySpan<byte> path) =>
        Public.Matches(path) ? EndpointAccess.Public : EndpointAccess.Signed;
}
