namespace Sidecar.Configuration;

/// <summary>Config <c>Limits</c>: request size and time limits of the proxy.</summary>
internal sealed class LimitsOptions
{
    /// <summary>Largest request body accepted, in bytes.</summary>
    public int MaxRequestBodyBytes { get; set; } = LimitsOptionsDefaults.MaxRequestBodyBytes;

    /// <summary>Upstream request timeout (no response headers within it → 504).</summary>
    public int UpstreamTimeoutMs { get; set; } = LimitsOptionsDefaults.UpstreamTimeoutMs;

    /// <summary>On SIGTERM, how long requests in flight may take to finish before the process exits anyway.</summary>
    public int ShutdownTimeoutMs { get; set; } = LimitsOptionsDefaults.ShutdownTimeoutMs;

    /// <summary>Largest WebSocket message a bot may send (after reassembly); larger ones close the connection (1009).</summary>
    public int MaxWebSocketMessageBytes { get; set; } = LimitsOptionsDefaults.MaxWebSocketMessageBytes;

    /// <summary>WebSocket connections open at once, all venues together.</summary>
    public int MaxWebSocketConnections { get; set; } = LimitsOptionsDefaults.MaxWebSocketConnections;

    /// <summary>Bytes of exchange frames waiting for a bot that does not read; beyond it the connection closes (1013).</summary>
    public int MaxWebSocketBufferBytes { get; set; } = LimitsOptionsDefaults.MaxWebSocketBufferBytes;
}
