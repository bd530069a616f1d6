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
}
