namespace Sidecar.Configuration;

/// <summary>The <c>Limits</c> section's defaults and accepted ranges, and where each comes from.</summary>
internal static class LimitsOptionsDefaults
{
    /// <summary>64 KiB: the largest exchange request (a Binance batch of 5 orders, a Bybit batch of 20) is a few KiB.</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    public const int MinMaxRequestBodyBytes = 1024;

    public const int MaxMaxRequestBodyBytes = 16 * 1024 * 1024;

    /// <summary>10 s: Binance's own matching-engine timeout answer (-1007) comes well within it.</summary>
    public const int UpstreamTimeoutMs = 10_000;

    public const int MinUpstreamTimeoutMs = 100;

    public const int MaxUpstreamTimeoutMs = 300_000;

    /// <summary>
    /// 15 s: on SIGTERM, requests in flight get up to this long to finish. Above the upstream timeout, so a request
    /// already signed always ends with the exchange's answer or a 504, never a cut connection; Kubernetes'
    /// terminationGracePeriodSeconds (k8s/base/deployment.yaml) leaves room for it. The smallest accepted value is
    /// the configured <see cref="LimitsOptions.UpstreamTimeoutMs"/>, for the same reason.
    /// </summary>
    public const int ShutdownTimeoutMs = 15_000;

    public const int MaxShutdownTimeoutMs = 600_000;
}
