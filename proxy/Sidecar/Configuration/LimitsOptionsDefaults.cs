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

    /// <summary>
    /// 64 KiB: a bot's largest frame is an order batch of a few KiB (Binance's order lists, OKX's 20-order
    /// batch-orders); OKX itself caps a subscribe at 64 KB.
    /// </summary>
    public const int MaxWebSocketMessageBytes = 64 * 1024;

    public const int MinMaxWebSocketMessageBytes = 1024;

    public const int MaxMaxWebSocketMessageBytes = 16 * 1024 * 1024;

    /// <summary>64: a bot opens a handful of streams (user data, orders, a few markets); ccxt opens one per URL.</summary>
    public const int MaxWebSocketConnections = 64;

    public const int MinMaxWebSocketConnections = 1;

    public const int MaxMaxWebSocketConnections = 10_000;

    /// <summary>
    /// 1 MiB per connection: a healthy bot reads exchange frames as they come (a few KiB a second); a megabyte behind
    /// means it stopped reading, and holding more would only grow the sidecar's memory. The smallest accepted value
    /// is the configured <see cref="LimitsOptions.MaxWebSocketMessageBytes"/>: below one message, a single large
    /// exchange frame would close a bot that reads perfectly well.
    /// </summary>
    public const int MaxWebSocketBufferBytes = 1024 * 1024;

    public const int MaxMaxWebSocketBufferBytes = 256 * 1024 * 1024;
}
