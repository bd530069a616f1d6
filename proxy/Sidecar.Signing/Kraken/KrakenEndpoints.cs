namespace Sidecar.Signing.Kraken;

/// <summary>
/// Kraken Spot REST (docs.kraken.com, "Spot REST API"): market data lives under <c>/0/public/</c> and needs no
/// key; everything under <c>/0/private/</c> (trading, funding, account data, earn, WebSocket tokens) is signed.
/// Unknown paths are signed too: the safe default is a signature the exchange ignores, never a private call
/// forwarded unsigned. Kraken has no API-key-only endpoints.
/// </summary>
internal static class KrakenEndpoints
{
    public static readonly PathTable Public = new([], ["/0/public/"]);

    public static EndpointAccess Classify(ReadOnlySpan<byte> path) =>
        Public.Matches(path) ? EndpointAccess.Public : EndpointAccess.Signed;
}
