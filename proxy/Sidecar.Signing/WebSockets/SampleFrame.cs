namespace Sidecar.Signing.WebSockets;

/// <summary>
/// A frame as a bot sends it with placeholder credentials, one the exchange's session rebuilds and signs, read at
/// <see cref="UnixTimeMilliseconds"/> on the venue's clock: the WebSocket benchmarks time the session on it, as the REST
/// ones time <see cref="Exchange.SampleOrder"/>.
/// </summary>
public sealed record SampleFrame(string UpstreamPath, string Text, long UnixTimeMilliseconds)
{
    /// <summary>An API key id in the exchange's own shape (Coinbase's CDP keys are resource names).</summary>
    public string ApiKey { get; init; } = "api-key-id";
}
